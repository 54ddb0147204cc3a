CREATE TABLE "hash_match" (
	"blob_id" text NOT NULL,
	"entry_id" bigint NOT NULL,
	"list_id" text NOT NULL,
	"distance" integer NOT NULL,
	"matched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hash_match_blob_id_entry_id_pk" PRIMARY KEY("blob_id","entry_id")
);
--> statement-breakpoint
ALTER TABLE "hash_match" ADD CONSTRAINT "hash_match_blob_id_output_hash_blob_id_fk" FOREIGN KEY ("blob_id") REFERENCES "output_hash"("blob_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hash_match" ADD CONSTRAINT "hash_match_entry_id_hash_list_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "hash_list_entry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hash_match" ADD CONSTRAINT "hash_match_list_id_hash_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "hash_list"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hash_match_list" ON "hash_match" USING btree ("list_id");