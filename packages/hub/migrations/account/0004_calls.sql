-- Up Migration
-- Issue 8: calls (C3), their sessions (C4) and the call processor's reports (C3a).
-- Times are kept to the millisecond (date_trunc): list cursors carry them through JavaScript's Date, which has no
-- microseconds, so a cursor always names exactly the row a page ended on.

-- C3: one row per originated call. `cap_slot` is the opaque cost-cap slot the originate code took (L2), kept so
-- whoever learns of the call's end can give it back; it is never shown by the API.
CREATE TABLE calls (
  id                uuid PRIMARY KEY,
  session_id        uuid NOT NULL UNIQUE,
  agent_id          text NOT NULL,
  from_number       text NOT NULL,
  to_number         text NOT NULL,
  direction         text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound')),
  status            text NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'ringing', 'in-progress', 'completed', 'failed', 'no-answer', 'refused')),
  simulated         boolean NOT NULL,
  -- The provider that carries a real call (twilio, plivo, vobiz); null for a simulated one.
  carrier           text,
  cap_slot          jsonb,
  error             text,
  created_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  answered_at       timestamptz,
  ended_at          timestamptz,
  duration_seconds  integer CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  created_by        text NOT NULL
);
-- GET /v1/calls: newest first, keyset-paginated on (created_at, id).
CREATE INDEX calls_created_at ON calls (created_at DESC, id DESC);

-- C4: what was said and recorded. A call's session is made with the call; a web session (W5) has no call.
CREATE TABLE sessions (
  id                uuid PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('call', 'web')),
  call_id           uuid UNIQUE REFERENCES calls (id),
  agent_id          text NOT NULL,
  status            text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'in-progress', 'completed', 'failed', 'no-answer', 'refused')),
  simulated         boolean NOT NULL DEFAULT false,
  transcript        jsonb NOT NULL DEFAULT '[]',
  duration_seconds  integer CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  recording_state   text NOT NULL DEFAULT 'none' CHECK (recording_state IN ('none', 'pending', 'ready', 'deleted')),
  -- Relative to KATAVEN_HOME/recordings; informative only: the file's path is always rebuilt from the validated
  -- account slug and session id.
  recording_file    text,
  created_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  ended_at          timestamptz,
  CHECK ((kind = 'call') = (call_id IS NOT NULL))
);
CREATE INDEX sessions_created_at ON sessions (created_at DESC, id DESC);

-- C3a: every report applied, by the processor's event id, so a report delivered twice is applied once.
CREATE TABLE call_events (
  event_id     text PRIMARY KEY,
  call_id      uuid NOT NULL REFERENCES calls (id),
  type         text NOT NULL CHECK (type IN ('ringing', 'answered', 'ended')),
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_events_call ON call_events (call_id);

-- Down Migration
DROP TABLE call_events;
DROP TABLE sessions;
DROP TABLE calls;
