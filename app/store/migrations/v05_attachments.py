"""Schema v5: Photos and scans beside disputes and activities, inside the encrypted file (a photo of an
agreement is as sensitive as the record). ``received`` < ``size`` is a download in progress;
``uploaded`` says the server holds the whole file.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE disputes ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]'",
    "ALTER TABLE volunteer_activities ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]'",
    """CREATE TABLE "attachment_files" (
   "sha256" TEXT PRIMARY KEY,
   "name" TEXT DEFAULT '',
   "media_type" TEXT DEFAULT 'application/octet-stream',
   "size" INTEGER NOT NULL,
   "received" INTEGER NOT NULL,
   "data" BLOB NOT NULL,
   "uploaded" INTEGER NOT NULL DEFAULT 0,
   "created_at" TEXT NOT NULL
)""",
)
