-- The schema of the original, self-hosted Strata 1.2.12 (Prisma on SQLite), statement for
-- statement as its own strata.db stores it: the `sql` of each row of sqlite_master in
-- tests/fixtures/strata-1.2.12/strata-demo.db, in its order (`sqlite3 strata-demo.db .schema`
-- prints the same). Prisma created `_prisma_migrations` first, then ran its one migration.
-- Frozen: a file made from it must be one Strata 1.2 boots on, so nothing here is ours to edit.

CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
CREATE TABLE "assets" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "quantity" DECIMAL,
    "disposed" BOOLEAN NOT NULL DEFAULT false,
    "asset_type_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "assets_asset_type_id_fkey" FOREIGN KEY ("asset_type_id") REFERENCES "asset_types" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE TABLE "asset_types" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "group" TEXT NOT NULL
);
CREATE TABLE "categories" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "parent_id" TEXT,
    CONSTRAINT "categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "categories" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE TABLE "tags" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL
);
CREATE TABLE "asset_snapshots" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "asset_id" TEXT NOT NULL,
    "value" DECIMAL NOT NULL,
    "observed_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "asset_snapshots_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE "portfolio_snapshots" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "value" DECIMAL NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'EUR',
    "notes" TEXT,
    "observed_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE "transactions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "asset_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "unit_price" DECIMAL NOT NULL,
    "quantity" DECIMAL NOT NULL,
    "currency" TEXT NOT NULL,
    "occurred_at" DATETIME NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "transactions_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE "asset_categories" (
    "asset_id" TEXT NOT NULL,
    "category_id" TEXT NOT NULL,

    PRIMARY KEY ("asset_id", "category_id"),
    CONSTRAINT "asset_categories_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "asset_categories_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE "asset_tags" (
    "asset_id" TEXT NOT NULL,
    "tag_id" TEXT NOT NULL,

    PRIMARY KEY ("asset_id", "tag_id"),
    CONSTRAINT "asset_tags_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "assets" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "asset_tags_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tags" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "asset_types_code_key" ON "asset_types"("code");
CREATE UNIQUE INDEX "categories_name_key" ON "categories"("name");
CREATE INDEX "categories_parent_id_idx" ON "categories"("parent_id");
CREATE UNIQUE INDEX "tags_name_key" ON "tags"("name");
CREATE INDEX "asset_snapshots_asset_id_observed_at_idx" ON "asset_snapshots"("asset_id", "observed_at" DESC);
CREATE INDEX "portfolio_snapshots_observed_at_idx" ON "portfolio_snapshots"("observed_at" DESC);
CREATE UNIQUE INDEX "portfolio_snapshots_observed_at_key" ON "portfolio_snapshots"("observed_at");
CREATE INDEX "transactions_asset_id_occurred_at_idx" ON "transactions"("asset_id", "occurred_at" DESC);
CREATE INDEX "asset_categories_category_id_idx" ON "asset_categories"("category_id");
CREATE INDEX "asset_tags_tag_id_idx" ON "asset_tags"("tag_id");

-- Prisma's record of that migration, copied from the same file: with it `prisma migrate deploy`
-- finds the schema up to date (without it, P3005: the database is not empty). Its checksum is
-- the migration file's, which Prisma compares with the one it ships.
INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
VALUES ('12605386-b3d9-494e-9ef8-5fd583bf1602', '15400ade1b813224bd1af4af72454e237b45fe45036e3de7900a42aa0a3db764', '2026-11-21T16:07:23.843+00:00', '20260502100411_init', NULL, NULL, '2026-11-21T16:07:23.828+00:00', 1);
