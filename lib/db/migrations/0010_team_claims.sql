CREATE TABLE "review_claim" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"user_name" text NOT NULL,
	"session_id" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "review_claim_lifetime" CHECK ("review_claim"."expires_at" > "review_claim"."claimed_at")
);
--> statement-breakpoint
ALTER TABLE "review_claim" ADD CONSTRAINT "review_claim_session_id_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_claim_expires" ON "review_claim" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "review_claim_session" ON "review_claim" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "review_decisions_time" ON "review_decisions" USING btree ("decided_at");