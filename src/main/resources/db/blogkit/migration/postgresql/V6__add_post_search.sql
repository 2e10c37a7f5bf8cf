-- BlogKit V6: full-text search over posts' titles and bodies (BlogRepository.searchPosts), with PostgreSQL's
-- text search, built to find what SQLite's FTS5 finds with tokenize='porter unicode61 remove_diacritics 2':
--   * blogkit_search_fold folds the Latin letters with diacritics that FTS5 folds (both cases, to lower case): the
--     same table, so that "cafe" finds "Café" on both databases;
--   * ASCII punctuation becomes a space before the parser sees the text, so that words split where FTS5 splits
--     them (e-mail, don't, 3.14, a_b), whatever the parser makes of hyphens, e-mails and URLs;
--   * the configuration blogkit_search stems ASCII words with the Porter stemmer (FTS5's) and keeps every other
--     word as it is, lower-cased, with no stop words (FTS5 has none).
-- Titles weigh A, bodies B: a title match ranks above a body match. The vector is a stored generated column, so
-- every write of a post keeps it in step, in the same statement; the GIN index serves the @@ match.
CREATE FUNCTION blogkit_search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate($1,
           'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆ'
           || 'ćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐő'
           || 'ŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚ'
           || 'ǛǜǞǟǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰ'
           || 'ȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸ'
           || 'ḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴ'
           || 'ṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵ'
           || 'ẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰự'
           || 'ỲỳỴỵỶỷỸỹ',
           'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaac'
           || 'cccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooo'
           || 'rrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsoouuaaiioouuuuuuuu'
           || 'uuaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooo'
           || 'oyyaabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkklll'
           || 'lllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuu'
           || 'uuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwysaaaaaaaaaaaaaaaaaaaaaa'
           || 'aaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuu'
           || 'yyyyyyyy') $$;

CREATE TEXT SEARCH DICTIONARY blogkit_porter (TEMPLATE = snowball, Language = porter);
CREATE TEXT SEARCH CONFIGURATION blogkit_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION blogkit_search ALTER MAPPING FOR asciiword WITH blogkit_porter;

ALTER TABLE posts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('blogkit_search'::regconfig,
        translate(blogkit_search_fold(title), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'A')
    || setweight(to_tsvector('blogkit_search'::regconfig,
        translate(blogkit_search_fold(body), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')) STORED;

CREATE INDEX ix_posts_search_vector ON posts USING gin (search_vector);
