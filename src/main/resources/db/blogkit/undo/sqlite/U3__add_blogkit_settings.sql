-- Undoes V3: cursors handed out before stop working (a new key comes with V3 again).
DROP TABLE blogkit_settings;
