-- Undoes V10: PostgreSQL analyses the posts' titles and the first 100,000 characters of their bodies again, as V8
-- left it (V6's folding function and text search configuration), and the analysed text BlogKit stored goes.
DROP INDEX ix_posts_search_vector;
ALTER TABLE posts DROP COLUMN search_vector;
DROP FUNCTION blogkit_search_vector(text, text);
ALTER TABLE posts DROP COLUMN search_body;
ALTER TABLE posts DROP COLUMN search_title;

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
        translate(blogkit_search_fold(left(body, 100000)), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~', '                                ')), 'B')) STORED;

CREATE INDEX ix_posts_search_vector ON posts USING gin (search_vector);
