CREATE TABLE "reveal_grant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"session_id" text NOT NULL,
	"blob_id" text NOT NULL,
	"tier" integer NOT NULL,
	"audit_event_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reveal_grant_tier" CHECK ("reveal_grant"."tier" between 1 and 3),
	CONSTRAINT "reveal_grant_lifetime" CHECK ("reveal_grant"."expires_at" > "reveal_grant"."created_at")
);
--> statement-breakpoint
CREATE TABLE "reviewer_preferences" (
	"user_id" text PRIMARY KEY NOT NULL,
	"preferences" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_key" text NOT NULL,
	"workflow_id" text NOT NULL,
	"blob_id" text,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"kind" text,
	"reason_code" text,
	"note" text,
	"decided_by_id" text NOT NULL,
	"decided_by_name" text NOT NULL,
	"decided_by_email" text NOT NULL,
	"decided_by_role" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"workflow_version_seen" text NOT NULL,
	"undoes_decision_id" uuid,
	CONSTRAINT "review_decisions_action" CHECK ("review_decisions"."action" in ('decide', 'undo')),
	CONSTRAINT "review_decisions_kind" CHECK ("review_decisions"."kind" is null or "review_decisions"."kind" in ('ok', 'flagged', 'escalated')),
	CONSTRAINT "review_decisions_version" CHECK ("review_decisions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "review_sync" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"generation" integer NOT NULL,
	"last_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"synced_at" timestamp with time zone,
	CONSTRAINT "review_sync_state" CHECK ("review_sync"."state" in ('synced', 'not_synced', 'error'))
);
--> statement-breakpoint
CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_event_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (6) with time zone DEFAULT clock_timestamp() NOT NULL,
	"actor_id" text,
	"actor_email" text,
	"actor_role" text,
	"session_id" text,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"workflow_id" text,
	"reason" text,
	"detail" jsonb,
	"ip" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "rate_limit" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"last_request" bigint NOT NULL,
	CONSTRAINT "rate_limit_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"token" text NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" text DEFAULT 'viewer' NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email"),
	CONSTRAINT "user_role_known" CHECK (role in ('viewer', 'moderator', 'senior', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reveal_grant_lookup_idx" ON "reveal_grant" USING btree ("user_id","blob_id","expires_at");--> statement-breakpoint
CREATE INDEX "reveal_grant_expires_idx" ON "reveal_grant" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_decisions_subject_version" ON "review_decisions" USING btree ("subject_key","version");--> statement-breakpoint
CREATE INDEX "review_decisions_workflow" ON "review_decisions" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "review_decisions_decider_time" ON "review_decisions" USING btree ("decided_by_id","decided_at");--> statement-breakpoint
CREATE INDEX "account_user_id_idx" ON "account" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_event_at_idx" ON "audit_event" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_event_actor_idx" ON "audit_event" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_event_target_idx" ON "audit_event" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_event_action_idx" ON "audit_event" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_event_workflow_idx" ON "audit_event" USING btree ("workflow_id") WHERE "audit_event"."workflow_id" is not null;--> statement-breakpoint
CREATE INDEX "session_user_id_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "verification_identifier_idx" ON "verification" USING btree ("identifier");