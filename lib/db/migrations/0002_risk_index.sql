CREATE TABLE "index_work" (
	"key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"holder" text,
	"lease_until" timestamp with time zone,
	"done" boolean DEFAULT false NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indexed_output" (
	"blob_id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"job_id" text,
	"step_name" text NOT NULL,
	"ordinal" integer NOT NULL,
	"position" integer,
	"media_type" text NOT NULL,
	"available" text NOT NULL,
	"nsfw_level" text NOT NULL,
	"blocked_reason" text,
	"scan_read" boolean NOT NULL,
	"scan_missing" text,
	"csam_percent" double precision,
	"csam_raw" text,
	"csam_scope" text,
	"csam_readable" boolean NOT NULL,
	"vlm" text[] DEFAULT '{}'::text[] NOT NULL,
	"child_findings" text[] DEFAULT '{}'::text[] NOT NULL,
	"prompt_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"job_blocked_reason" text,
	"job_nsfw_level" text,
	"created_at" timestamp with time zone NOT NULL,
	"indexed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indexed_workflow" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" bigint,
	"end_user" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"metadata_text" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"output_count" integer NOT NULL,
	"worst_csam" double precision,
	"unreadable_outputs" integer NOT NULL,
	"indexed_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watched_user" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"added_by_id" text,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indexed_output" ADD CONSTRAINT "indexed_output_workflow_id_indexed_workflow_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "indexed_workflow"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "index_work_pending" ON "index_work" USING btree ("priority","key") WHERE not "index_work"."done";--> statement-breakpoint
CREATE INDEX "indexed_output_workflow" ON "indexed_output" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "indexed_output_risk" ON "indexed_output" USING btree ("csam_percent" DESC NULLS LAST,"created_at" DESC NULLS LAST) WHERE "indexed_output"."csam_percent" is not null;--> statement-breakpoint
CREATE INDEX "indexed_workflow_risk" ON "indexed_workflow" USING btree ("worst_csam" DESC NULLS LAST,"created_at" DESC NULLS LAST) WHERE "indexed_workflow"."worst_csam" is not null;--> statement-breakpoint
CREATE INDEX "indexed_workflow_unreadable" ON "indexed_workflow" USING btree ("created_at" DESC NULLS LAST) WHERE "indexed_workflow"."unreadable_outputs" > 0;--> statement-breakpoint
CREATE INDEX "indexed_workflow_owner" ON "indexed_workflow" USING btree ("owner_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "indexed_workflow_end_user" ON "indexed_workflow" USING btree ("end_user","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "indexed_workflow_created" ON "indexed_workflow" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "indexed_workflow_tags" ON "indexed_workflow" USING gin ("tags");