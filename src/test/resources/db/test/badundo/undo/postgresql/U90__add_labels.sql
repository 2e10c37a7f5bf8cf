-- Drops the table, then fails: the drop must be rolled back.
DROP TABLE labels;
DROP TABLE no_such_table;
