CREATE TABLE "decided_workflow" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"first_decided_at" timestamp with time zone NOT NULL,
	"last_decided_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reviewer_day" (
	"day" date NOT NULL,
	"reviewer_id" text NOT NULL,
	"reviewer_name" text NOT NULL,
	"reviewer_email" text NOT NULL,
	"decisions" integer NOT NULL,
	"ok" integer NOT NULL,
	"flagged" integer NOT NULL,
	"escalated" integer NOT NULL,
	"reversals" integer NOT NULL,
	CONSTRAINT "reviewer_day_day_reviewer_id_pk" PRIMARY KEY("day","reviewer_id")
);
--> statement-breakpoint
CREATE INDEX "decided_workflow_last" ON "decided_workflow" USING btree ("last_decided_at");--> statement-breakpoint
CREATE INDEX "decided_workflow_completion_unknown" ON "decided_workflow" USING btree ("last_decided_at") WHERE "decided_workflow"."completed_at" is null;--> statement-breakpoint
-- Recomputes the leads' figures from review_decisions: this migration's backfill, and the benchmark's seed. A decision
-- reverses when the row it replaced (same subject, version - 1) had a different verdict in force.
CREATE FUNCTION "rebuild_team_figures"() RETURNS void LANGUAGE sql AS $$
  DELETE FROM decided_workflow;
  INSERT INTO decided_workflow (workflow_id, first_decided_at, last_decided_at, completed_at)
  SELECT d.workflow_id, min(d.decided_at), max(d.decided_at), max(w.completed_at)
    FROM review_decisions d LEFT JOIN indexed_workflow w ON w.id = d.workflow_id
   WHERE d.action = 'decide'
   GROUP BY d.workflow_id;
  DELETE FROM reviewer_day;
  INSERT INTO reviewer_day (day, reviewer_id, reviewer_name, reviewer_email, decisions, ok, flagged, escalated, reversals)
  SELECT (d.decided_at AT TIME ZONE 'UTC')::date, d.decided_by_id, max(d.decided_by_name), max(d.decided_by_email), count(*),
         count(*) FILTER (WHERE d.kind = 'ok'), count(*) FILTER (WHERE d.kind = 'flagged'), count(*) FILTER (WHERE d.kind = 'escalated'),
         count(*) FILTER (WHERE p.kind IS NOT NULL AND p.kind <> d.kind)
    FROM review_decisions d LEFT JOIN review_decisions p ON p.subject_key = d.subject_key AND p.version = d.version - 1
   WHERE d.action = 'decide'
   GROUP BY 1, d.decided_by_id;
$$;
--> statement-breakpoint
SELECT "rebuild_team_figures"();
