-- Drops the table, then fails: the drop must be rolled back.
DROP TABLE tags;
DROP TABLE no_such_table;
