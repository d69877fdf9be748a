-- Up Migration
-- This deployment's id, one row. Every instance of the deployment (hubs, a standalone auth-service) reads it
-- at start and names its Redis channels and presence set after it (T7), so two deployments (or two test runs)
-- sharing one Redis never wait on each other's acknowledgements.
CREATE TABLE deployment (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id        uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO deployment DEFAULT VALUES;

-- Down Migration
DROP TABLE deployment;
