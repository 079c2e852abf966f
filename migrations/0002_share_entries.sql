-- Where each file of a shared model's zip lies (offset, sizes, method, CRC), so single files are
-- served with one ranged R2 read instead of fetching and unzipping the whole archive.
ALTER TABLE shared_models ADD COLUMN entries TEXT NOT NULL DEFAULT '[]';
