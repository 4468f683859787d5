-- store_schema.sql: the trainee record's schema, the one place it is
-- written. Built into the program (scoring/store/embed_text.cmake turns this file
-- into a C string) and applied by store_open() (scoring/store/store.c).
--
-- The file is a list of versions, each opened by a line "-- @version N"
-- (N = 1, 2, 3 ... in order) and closed by "PRAGMA user_version = N;".
-- A database at user_version V gets every section after V, in one
-- transaction; a new database (user_version 0, no tables) gets them all.
-- A released section is never edited: a change to the schema is a new
-- section at the end that migrates forward (ALTER TABLE, new tables, data
-- copied over). store_open() refuses a database whose user_version is
-- above the last section here (made by a newer smpsim) and one that has
-- tables but no version and no application_id of ours (not smpsim's).
--
-- Conventions: times of day are text, ISO 8601 in UTC with milliseconds
-- ("2025-03-01T14:02:07.250Z"); session times (a deposit's down and up)
-- are integers, microseconds of the pen stream; lengths mm, forces N,
-- angles degrees, as in sim/model/deposit.h. Enumerations are stored as the
-- numbers of their C enums, with CHECKs; names are in the C code.

-- @version 1
-- The first schema (smpsim 0.1, issue 6).

PRAGMA application_id = 1397575795; -- 0x534d5073, "SMPs"

-- People who practise. The name is stored exactly as given (any UTF-8);
-- name_key is its Unicode NFC form, so "José" typed composed or decomposed
-- is one trainee.
CREATE TABLE trainees (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) > 0),
  name_key TEXT NOT NULL UNIQUE,
  created TEXT NOT NULL
);

-- Each distinct lesson file a session was run on: the lesson's id and title
-- and the SHA-256 of the exact bytes of its file, kept with the bytes, so
-- a score always refers to what was really asked even after the lesson is
-- edited.
CREATE TABLE lessons (
  id INTEGER PRIMARY KEY,
  lesson_id TEXT NOT NULL,
  title TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB NOT NULL,
  first_used TEXT NOT NULL,
  UNIQUE (lesson_id, sha256)
);

-- One practice session. status: 0 in progress, 1 complete, 2 interrupted
-- (enum store_session_status). start_us is the pen stream's time at the
-- session's start; deposit times are shown relative to it. deposit_count
-- and fault_count (the sum of every deposit's fault bits) grow with each
-- commit of deposits, in the same transaction. The score columns are NULL
-- until the session is scored; never_events holds score_result's
-- never_triggered bits.
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  trainee INTEGER NOT NULL REFERENCES trainees(id),
  lesson INTEGER NOT NULL REFERENCES lessons(id),
  device_name TEXT,
  device_id TEXT,
  audio_latency_ms REAL NOT NULL DEFAULT 0,
  recording TEXT,
  start_us INTEGER NOT NULL DEFAULT 0,
  started TEXT NOT NULL,
  ended TEXT,
  status INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2)),
  duration_s REAL,
  deposit_count INTEGER NOT NULL DEFAULT 0,
  fault_count INTEGER NOT NULL DEFAULT 0,
  dots INTEGER,
  score REAL,
  uncapped REAL,
  passed INTEGER CHECK (passed IN (0, 1)),
  never_events INTEGER
);
CREATE INDEX sessions_trainee ON sessions (trainee, started);
CREATE INDEX sessions_status ON sessions (status) WHERE status = 0;

-- Every deposit of a session, every field of struct deposit (sim/model/deposit.h)
-- plus the id of its scalp region. seq is deposit.id; region is the
-- region's index in the scalp model, NULL for SCALP_NO_REGION. A NaN
-- field is stored as NULL (SQLite has no NaN). kind: enum deposit_kind;
-- depth_class: enum deposit_depth_class; faults: enum deposit_fault bits.
CREATE TABLE deposits (
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  down_us INTEGER NOT NULL,
  up_us INTEGER NOT NULL,
  x_mm REAL,
  y_mm REAL,
  region INTEGER,
  region_id TEXT,
  depth_mm REAL,
  force_n REAL,
  diameter_mm REAL,
  blur_mm REAL,
  tail_mm REAL,
  tilt_deg REAL,
  skew_ratio REAL,
  skew_angle_deg REAL,
  nearest_mm REAL,
  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
  depth_class INTEGER NOT NULL CHECK (depth_class BETWEEN 0 AND 3),
  faults INTEGER NOT NULL,
  PRIMARY KEY (session, seq)
) WITHOUT ROWID;

-- The measures of a scored session, one row per measure computed: its
-- score_metric_name(), its value (NULL when it could not be measured) and
-- the rubric's mark for it (NULL when the rubric did not rate it).
CREATE TABLE measures (
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  metric TEXT NOT NULL,
  value REAL,
  mark REAL,
  PRIMARY KEY (session, metric)
) WITHOUT ROWID;

-- The things to work on, in the order they were given (rank from 1).
CREATE TABLE advice (
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  rank INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (session, rank)
) WITHOUT ROWID;

PRAGMA user_version = 1;

-- @version 2
-- Why a session ended, in the trainee's words as practice printed them
-- ("ended at the time limit", "ended by Ctrl-C", "the pen device went
-- away"); for one a crash left behind, what the next writer found. NULL for
-- sessions ended before version 2 and for those in progress.
ALTER TABLE sessions ADD COLUMN end_reason TEXT;

PRAGMA user_version = 2;

-- @version 3
-- The live view and the instructor's replay (issue 12).
--
-- Where the pad lay on the scalp: scalp = offset + scale * rotate(pad), as
-- struct sim_mapping (sim/model/sim_session.h). mapping_source says who
-- chose it: 'fit' (the lesson's work area centred on the pad at 1:1, the
-- default), 'option' (--mapping), 'lesson' (the lesson file's own). NULL
-- for sessions stored before version 3, which all ran with the pad's
-- top-left corner on the scalp's origin at 1:1.
ALTER TABLE sessions ADD COLUMN mapping_offset_x_mm REAL;
ALTER TABLE sessions ADD COLUMN mapping_offset_y_mm REAL;
ALTER TABLE sessions ADD COLUMN mapping_scale REAL;
ALTER TABLE sessions ADD COLUMN mapping_rotation_deg REAL;
ALTER TABLE sessions ADD COLUMN mapping_source TEXT
  CHECK (mapping_source IN ('fit', 'option', 'lesson'));
-- What the trainee saw: 0 no view (the status line), 1 the view with its
-- guides, 2 exam mode (only the scalp and the dots). NULL before version 3.
ALTER TABLE sessions ADD COLUMN view_mode INTEGER CHECK (view_mode IN (0, 1, 2));
-- The pen device as an evemu description (the header of `smpsim record`'s
-- files: name, ids, properties, event bits, axes), so that the session's
-- pen stream can be replayed through the same path as a recording.
-- NULL for sessions without a stored pen stream.
ALTER TABLE sessions ADD COLUMN pen_device TEXT;

-- The session's whole pen stream, every evdev event as it came, in chunks
-- written as the session goes (with the deposits' commits), so a crash
-- loses no more of it than of the deposits. Each chunk's data is its
-- events encoded by sim/session's pen stream coder and deflated (zlib);
-- first_us and last_us are the times of its first and last event (the
-- device's clock, microseconds), events how many it holds.
CREATE TABLE pen_chunks (
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  first_us INTEGER NOT NULL,
  last_us INTEGER NOT NULL,
  events INTEGER NOT NULL CHECK (events > 0),
  data BLOB NOT NULL,
  PRIMARY KEY (session, seq)
) WITHOUT ROWID;

PRAGMA user_version = 3;

-- @version 4
-- Proficiency (issue 13): a session passes when every measure the lesson
-- requires is at its level and no never-event happened; the pass mark and
-- the never-events' caps are gone. Each measure row says whether the
-- lesson required it (0/1), the level it needed (need_min <= value <=
-- need_max, NULL for an open side) and whether it was met (0/1; NULL when
-- not required). All four are NULL for sessions scored before version 4,
-- which keep the score and pass they were given (by a pass mark, their
-- score capped by any never-event, the weighted mean in
-- sessions.uncapped); sessions scored from version 4 on leave uncapped
-- NULL, their score being the weighted mean itself.
ALTER TABLE measures ADD COLUMN required INTEGER CHECK (required IN (0, 1));
ALTER TABLE measures ADD COLUMN need_min REAL;
ALTER TABLE measures ADD COLUMN need_max REAL;
ALTER TABLE measures ADD COLUMN met INTEGER CHECK (met IN (0, 1));

PRAGMA user_version = 4;

-- @version 5
-- Certification (issue 14): expert benchmarks, proficiency over live
-- sessions, instructors' sign-offs and early openings, groups of trainees,
-- certificates, and a ledger whose SHA-256 chain shows any edit made
-- outside smpsim (docs/instructor-guide.md, "Certification").

-- An instructor marks experts (smpsim trainee expert NAME): their sessions
-- are the ones a lesson's benchmark is derived from. merged_into: the
-- trainee whose record this one's sessions were moved to when the same
-- person had been entered twice (smpsim trainee merge); a merged trainee
-- keeps their row, and so their name, for the record's history.
ALTER TABLE trainees ADD COLUMN expert INTEGER NOT NULL DEFAULT 0 CHECK (expert IN (0, 1));
-- (Columns added by ALTER TABLE name what they refer to in comments, not
-- as foreign keys: SQLite cannot drop such a column again, which the
-- migration tests do to make an older record.)
ALTER TABLE trainees ADD COLUMN merged_into INTEGER; -- trainees(id)

-- What an instructor did to a trainee's entry, in order: kind 'rename'
-- (detail: the old name), 'merge' (detail: the id merged into), 'expert'
-- or 'not-expert'; by: who did it, as they gave their name.
CREATE TABLE trainee_changes (
  id INTEGER PRIMARY KEY,
  trainee INTEGER NOT NULL REFERENCES trainees(id),
  made TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('rename', 'merge', 'expert', 'not-expert')),
  detail TEXT,
  by TEXT
);

-- Groups of trainees: a course intake. A trainee may be in several.
CREATE TABLE trainee_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  created TEXT NOT NULL
);
CREATE TABLE group_members (
  grp INTEGER NOT NULL REFERENCES trainee_groups(id) ON DELETE CASCADE,
  trainee INTEGER NOT NULL REFERENCES trainees(id),
  added TEXT NOT NULL,
  PRIMARY KEY (grp, trainee)
) WITHOUT ROWID;

-- A lesson's benchmark: the proficiency levels of its required measures,
-- derived from the stored sessions of experts (smpsim benchmark LESSON)
-- by a stated rule, with its provenance: the lesson file whose required
-- measures it set (lesson, a lessons row), when, by which rule, from at
-- least how many sessions and experts. A lesson's newest benchmark is the
-- one in force; older ones stay for the sessions scored against them.
CREATE TABLE benchmarks (
  id INTEGER PRIMARY KEY,
  lesson_id TEXT NOT NULL,
  lesson INTEGER NOT NULL REFERENCES lessons(id),
  made TEXT NOT NULL,
  rule TEXT NOT NULL,
  min_sessions INTEGER NOT NULL CHECK (min_sessions > 0),
  min_experts INTEGER NOT NULL CHECK (min_experts > 0),
  by TEXT
);
CREATE INDEX benchmarks_lesson ON benchmarks (lesson_id, id);
-- Each required measure's level under a benchmark (need_min <= value <=
-- need_max, NULL the open side), beside the lesson file's own level it
-- replaces (shipped_min, shipped_max) and what it was derived from: how
-- many sessions and experts, their mean, sample SD and worst value.
CREATE TABLE benchmark_levels (
  benchmark INTEGER NOT NULL REFERENCES benchmarks(id) ON DELETE CASCADE,
  metric TEXT NOT NULL,
  need_min REAL,
  need_max REAL,
  shipped_min REAL,
  shipped_max REAL,
  sessions INTEGER NOT NULL,
  experts INTEGER NOT NULL,
  mean REAL,
  sd REAL,
  worst REAL,
  PRIMARY KEY (benchmark, metric)
) WITHOUT ROWID;
-- The expert sessions a benchmark was derived from.
CREATE TABLE benchmark_sessions (
  benchmark INTEGER NOT NULL REFERENCES benchmarks(id) ON DELETE CASCADE,
  session INTEGER NOT NULL REFERENCES sessions(id),
  PRIMARY KEY (benchmark, session)
) WITHOUT ROWID;

-- Where a session's pen came from: 0 a live pen device, 1 a recording
-- replayed (practice --replay, the demo). Only live sessions count towards
-- proficiency. NULL for sessions stored before version 5, whose origin
-- the record did not keep: they never count.
ALTER TABLE sessions ADD COLUMN origin INTEGER CHECK (origin IN (0, 1));
-- The benchmark the session was scored against as it was practised; NULL:
-- the lesson file's own levels.
ALTER TABLE sessions ADD COLUMN benchmark INTEGER; -- benchmarks(id)

-- A stored session scored again later (against a newer benchmark, or the
-- lesson file's own levels: benchmark NULL). The session's own score, in
-- sessions and measures, is never replaced; a session's newest rescore is
-- its judgement from then on. Measures as in measures.
CREATE TABLE rescores (
  id INTEGER PRIMARY KEY,
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  benchmark INTEGER REFERENCES benchmarks(id),
  made TEXT NOT NULL,
  score REAL,
  passed INTEGER CHECK (passed IN (0, 1)),
  never_events INTEGER
);
CREATE INDEX rescores_session ON rescores (session, id);
CREATE TABLE rescore_measures (
  rescore INTEGER NOT NULL REFERENCES rescores(id) ON DELETE CASCADE,
  metric TEXT NOT NULL,
  value REAL,
  mark REAL,
  required INTEGER CHECK (required IN (0, 1)),
  need_min REAL,
  need_max REAL,
  met INTEGER CHECK (met IN (0, 1)),
  PRIMARY KEY (rescore, metric)
) WITHOUT ROWID;

-- An instructor's sign-off of a session: a global rating of 1 to 5 on
-- each of the curriculum's named domains of technique (OSATS-style), a
-- note, their name and the time.
CREATE TABLE signoffs (
  id INTEGER PRIMARY KEY,
  session INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  instructor TEXT NOT NULL CHECK (length(instructor) > 0),
  made TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX signoffs_session ON signoffs (session, id);
-- seq: the rating's place in the sign-off (0, 1, ...), the order the
-- domains were given in (a WITHOUT ROWID table keeps no order of its own).
CREATE TABLE signoff_ratings (
  signoff INTEGER NOT NULL REFERENCES signoffs(id) ON DELETE CASCADE,
  domain TEXT NOT NULL CHECK (length(domain) > 0),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  seq INTEGER NOT NULL CHECK (seq >= 0),
  PRIMARY KEY (signoff, domain)
) WITHOUT ROWID;

-- An instructor opened a lesson to a trainee before the curriculum would
-- (the lesson before it not yet proficient): who and why.
CREATE TABLE lesson_openings (
  id INTEGER PRIMARY KEY,
  trainee INTEGER NOT NULL REFERENCES trainees(id),
  lesson_id TEXT NOT NULL,
  made TEXT NOT NULL,
  by TEXT NOT NULL CHECK (length(by) > 0),
  why TEXT NOT NULL CHECK (length(why) > 0)
);

-- Certificates issued (smpsim certificate): the verification code printed
-- on the page, whose trainee, when, the lessons it covers (their ids, in
-- curriculum order, separated by spaces), and its facts as canonical JSON
-- (the lessons, the sessions each rests on with scores and sign-offs, the
-- benchmarks used), which verify recomputes from the record; ledger_seq
-- is the ledger's head when it was issued. curriculum: the exact bytes of
-- the curriculum file it was issued under (the facts give their SHA-256),
-- so verify judges under the rules it was issued under, whatever
-- curriculum the verifier's data folder has, or none.
CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  trainee INTEGER NOT NULL REFERENCES trainees(id),
  made TEXT NOT NULL,
  lessons TEXT NOT NULL,
  content TEXT NOT NULL,
  ledger_seq INTEGER NOT NULL,
  curriculum BLOB NOT NULL
);

-- The ledger: one entry for everything that makes the record's history
-- (a session as it ended, a rescore, a sign-off, a trainee's entry and
-- each change to it, a group member, a benchmark, an opening, a
-- certificate), appended in the transaction that makes it. content_sha256
-- is the SHA-256 of the thing's canonical content then
-- (scoring/store/store_ledger.c says which bytes); chain_sha256 is the
-- SHA-256 of the entry before it's chain_sha256 and this entry's kind,
-- ref and content_sha256, so an edit made with any other tool shows as a
-- content that no longer matches, or a broken chain (smpsim verify). A
-- thing changed by smpsim gets a new entry; the newest entry of each is
-- the one its content must match. parts: the SHA-256 of each part of
-- the content ("row=HEX score=HEX deposits=HEX ..."), content_sha256
-- being the SHA-256 of this text, so verify can say which part of a
-- thing differs (its row, deposits, pen stream, ...). A record brought
-- to version 5 gets an entry for every trainee and ended session as it
-- is migrated: edits made before then cannot be told.
CREATE TABLE ledger (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref INTEGER NOT NULL,
  made TEXT NOT NULL,
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  chain_sha256 TEXT NOT NULL CHECK (length(chain_sha256) = 64),
  parts TEXT NOT NULL
);
CREATE INDEX ledger_ref ON ledger (kind, ref, seq);

PRAGMA user_version = 5;

-- @version 6
-- The pen's force calibration a session used: "FILE sha256:HEX", the
-- calibration file's name and the SHA-256 of its bytes (smpsim
-- calibrate), or NULL for the shipped default (and every session stored
-- before version 6). calibration_file holds that file's exact bytes, as
-- lessons.content holds a lesson's, so the session replays with its
-- pen's curve on any machine. The ledger hashes both in a part of their
-- own only when calibration is not NULL, so the entries of sessions
-- stored before stay what they were.
ALTER TABLE sessions ADD COLUMN calibration TEXT;
ALTER TABLE sessions ADD COLUMN calibration_file BLOB;

PRAGMA user_version = 6;
