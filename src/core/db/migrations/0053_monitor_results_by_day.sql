-- Results by day (issue 19, storage): monitor_results becomes a table partitioned by range of
-- "at", one partition per UTC day named monitor_results_YYYYMMDD, so keeping N days is dropping
-- the partitions of older days, one DROP TABLE each, instead of deleting rows. The server makes
-- today's and tomorrow's partitions ahead (src/monitor/result-days.ts). Row-level security and the
-- grants are on the partitioned table, which is the only way tandem_app reaches the rows (the
-- partitions have no grants). Existing results are copied into partitions of their days.
ALTER TABLE "monitor_results" RENAME TO "monitor_results_unpartitioned";
--> statement-breakpoint
ALTER TABLE "monitor_results_unpartitioned" RENAME CONSTRAINT "monitor_results_pkey" TO "monitor_results_unpartitioned_pkey";
--> statement-breakpoint
DROP INDEX "monitor_results_check_at_idx";
--> statement-breakpoint
CREATE TABLE "monitor_results" (
	"id" uuid NOT NULL,
	"practice_id" uuid NOT NULL,
	"check_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"degraded" boolean DEFAULT false NOT NULL,
	"latency_ms" integer,
	"message" text NOT NULL,
	"in_maintenance" boolean NOT NULL,
	CONSTRAINT "monitor_results_check_id_at_id_pk" PRIMARY KEY("check_id","at","id")
) PARTITION BY RANGE ("at");
--> statement-breakpoint
ALTER TABLE "monitor_results" ADD CONSTRAINT "monitor_results_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitor_results" ADD CONSTRAINT "monitor_results_check_id_monitor_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."monitor_checks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
DO $$
DECLARE
	day date;
BEGIN
	FOR day IN SELECT DISTINCT ("at" AT TIME ZONE 'UTC')::date FROM "monitor_results_unpartitioned" LOOP
		EXECUTE format(
			'CREATE TABLE %I PARTITION OF "monitor_results" FOR VALUES FROM (%L) TO (%L)',
			'monitor_results_' || to_char(day, 'YYYYMMDD'),
			day::text || ' 00:00:00+00',
			(day + 1)::text || ' 00:00:00+00'
		);
	END LOOP;
END $$;
--> statement-breakpoint
INSERT INTO "monitor_results" ("id", "practice_id", "check_id", "at", "ok", "degraded", "latency_ms", "message", "in_maintenance")
SELECT "id", "practice_id", "check_id", "at", "ok", "degraded", "latency_ms", "message", "in_maintenance" FROM "monitor_results_unpartitioned";
--> statement-breakpoint
DROP TABLE "monitor_results_unpartitioned";
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON monitor_results TO tandem_app;
--> statement-breakpoint
ALTER TABLE monitor_results ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY monitor_results_tenant ON monitor_results TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
-- Rollups per hour and per UTC day (src/monitor/rollups.ts), written with each batch of results.
CREATE TABLE "monitor_rollups" (
	"practice_id" uuid NOT NULL,
	"check_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"runs" integer NOT NULL,
	"up" integer NOT NULL,
	"degraded" integer NOT NULL,
	"latency_count" integer NOT NULL,
	"latency_sum_ms" bigint NOT NULL,
	"latency_min_ms" integer,
	"latency_max_ms" integer,
	"latency_buckets" integer[] NOT NULL,
	CONSTRAINT "monitor_rollups_check_id_grain_starts_at_pk" PRIMARY KEY("check_id","grain","starts_at"),
	CONSTRAINT "monitor_rollups_grain_known" CHECK ("monitor_rollups"."grain" in ('hour', 'day'))
);
--> statement-breakpoint
ALTER TABLE "monitor_rollups" ADD CONSTRAINT "monitor_rollups_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "monitor_rollups" ADD CONSTRAINT "monitor_rollups_check_id_monitor_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."monitor_checks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "monitor_rollups_grain_starts_idx" ON "monitor_rollups" USING btree ("grain","starts_at");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON monitor_rollups TO tandem_app;
--> statement-breakpoint
ALTER TABLE monitor_rollups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY monitor_rollups_tenant ON monitor_rollups TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
--> statement-breakpoint
-- The results kept so far, rolled up (latency buckets as in src/monitor/latency-histogram.ts:
-- width_bucket counts the bounds at or below the latency, which is the bucket's index).
INSERT INTO "monitor_rollups"
SELECT "practice_id", "check_id", g.grain, date_trunc(g.grain, "at", 'UTC'),
	count(*)::int, (count(*) FILTER (WHERE ok))::int, (count(*) FILTER (WHERE ok AND degraded))::int,
	(count(latency_ms) FILTER (WHERE ok))::int, coalesce(sum(latency_ms) FILTER (WHERE ok), 0),
	min(latency_ms) FILTER (WHERE ok), max(latency_ms) FILTER (WHERE ok),
	ARRAY[
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 0))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 1))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 2))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 3))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 4))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 5))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 6))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 7))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 8))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 9))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 10))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 11))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 12))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 13))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 14))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 15))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 16))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 17))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 18))::int,
		(count(*) FILTER (WHERE ok AND width_bucket(latency_ms, ARRAY[5,10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,5000,7500,10000]) = 19))::int
	]
FROM "monitor_results" CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
WHERE NOT in_maintenance
GROUP BY "practice_id", "check_id", g.grain, date_trunc(g.grain, "at", 'UTC');
