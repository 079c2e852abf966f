-- Shared models: one row per share; blobs live in R2 under their content hash.
CREATE TABLE IF NOT EXISTS shared_models (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  dataset TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  metadata TEXT NOT NULL,
  delete_token_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS shared_models_sha256 ON shared_models (sha256);

-- Fixed-window upload counters per client, so limits survive restarts.
CREATE TABLE IF NOT EXISTS rate_limits (
  client TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (client, window_start)
);
