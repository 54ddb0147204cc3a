CREATE TABLE "hash_list" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"imported_by_id" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"entry_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hash_list_entry" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hash_list_entry_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"list_id" text NOT NULL,
	"hash" text NOT NULL,
	"band_0" integer NOT NULL,
	"band_1" integer NOT NULL,
	"band_2" integer NOT NULL,
	"band_3" integer NOT NULL,
	"band_4" integer NOT NULL,
	"band_5" integer NOT NULL,
	"band_6" integer NOT NULL,
	"band_7" integer NOT NULL,
	"band_8" integer NOT NULL,
	"band_9" integer NOT NULL,
	"band_10" integer NOT NULL,
	"band_11" integer NOT NULL,
	"band_12" integer NOT NULL,
	"band_13" integer NOT NULL,
	"band_14" integer NOT NULL,
	"band_15" integer NOT NULL,
	"label" text NOT NULL,
	"source" text,
	CONSTRAINT "hash_list_entry_hash_hex" CHECK ("hash_list_entry"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "output_hash" (
	"blob_id" text PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"band_0" integer NOT NULL,
	"band_1" integer NOT NULL,
	"band_2" integer NOT NULL,
	"band_3" integer NOT NULL,
	"band_4" integer NOT NULL,
	"band_5" integer NOT NULL,
	"band_6" integer NOT NULL,
	"band_7" integer NOT NULL,
	"band_8" integer NOT NULL,
	"band_9" integer NOT NULL,
	"band_10" integer NOT NULL,
	"band_11" integer NOT NULL,
	"band_12" integer NOT NULL,
	"band_13" integer NOT NULL,
	"band_14" integer NOT NULL,
	"band_15" integer NOT NULL,
	"quality" integer NOT NULL,
	"hashed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "output_hash_hash_hex" CHECK ("output_hash"."hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "hash_list_entry" ADD CONSTRAINT "hash_list_entry_list_id_hash_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "hash_list"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "output_hash" ADD CONSTRAINT "output_hash_blob_id_indexed_output_blob_id_fk" FOREIGN KEY ("blob_id") REFERENCES "indexed_output"("blob_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hash_list_entry_list" ON "hash_list_entry" USING btree ("list_id");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_0" ON "hash_list_entry" USING btree ("band_0");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_1" ON "hash_list_entry" USING btree ("band_1");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_2" ON "hash_list_entry" USING btree ("band_2");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_3" ON "hash_list_entry" USING btree ("band_3");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_4" ON "hash_list_entry" USING btree ("band_4");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_5" ON "hash_list_entry" USING btree ("band_5");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_6" ON "hash_list_entry" USING btree ("band_6");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_7" ON "hash_list_entry" USING btree ("band_7");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_8" ON "hash_list_entry" USING btree ("band_8");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_9" ON "hash_list_entry" USING btree ("band_9");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_10" ON "hash_list_entry" USING btree ("band_10");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_11" ON "hash_list_entry" USING btree ("band_11");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_12" ON "hash_list_entry" USING btree ("band_12");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_13" ON "hash_list_entry" USING btree ("band_13");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_14" ON "hash_list_entry" USING btree ("band_14");--> statement-breakpoint
CREATE INDEX "hash_list_entry_band_15" ON "hash_list_entry" USING btree ("band_15");--> statement-breakpoint
CREATE INDEX "output_hash_band_0" ON "output_hash" USING btree ("band_0");--> statement-breakpoint
CREATE INDEX "output_hash_band_1" ON "output_hash" USING btree ("band_1");--> statement-breakpoint
CREATE INDEX "output_hash_band_2" ON "output_hash" USING btree ("band_2");--> statement-breakpoint
CREATE INDEX "output_hash_band_3" ON "output_hash" USING btree ("band_3");--> statement-breakpoint
CREATE INDEX "output_hash_band_4" ON "output_hash" USING btree ("band_4");--> statement-breakpoint
CREATE INDEX "output_hash_band_5" ON "output_hash" USING btree ("band_5");--> statement-breakpoint
CREATE INDEX "output_hash_band_6" ON "output_hash" USING btree ("band_6");--> statement-breakpoint
CREATE INDEX "output_hash_band_7" ON "output_hash" USING btree ("band_7");--> statement-breakpoint
CREATE INDEX "output_hash_band_8" ON "output_hash" USING btree ("band_8");--> statement-breakpoint
CREATE INDEX "output_hash_band_9" ON "output_hash" USING btree ("band_9");--> statement-breakpoint
CREATE INDEX "output_hash_band_10" ON "output_hash" USING btree ("band_10");--> statement-breakpoint
CREATE INDEX "output_hash_band_11" ON "output_hash" USING btree ("band_11");--> statement-breakpoint
CREATE INDEX "output_hash_band_12" ON "output_hash" USING btree ("band_12");--> statement-breakpoint
CREATE INDEX "output_hash_band_13" ON "output_hash" USING btree ("band_13");--> statement-breakpoint
CREATE INDEX "output_hash_band_14" ON "output_hash" USING btree ("band_14");--> statement-breakpoint
CREATE INDEX "output_hash_band_15" ON "output_hash" USING btree ("band_15");