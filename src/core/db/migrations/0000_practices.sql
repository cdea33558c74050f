CREATE TABLE "practices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"specialty" text NOT NULL,
	"jurisdiction" text NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "practices_name_not_blank" CHECK (length(trim("practices"."name")) > 0),
	CONSTRAINT "practices_specialty_known" CHECK ("practices"."specialty" in ('medical', 'dental', 'other')),
	CONSTRAINT "practices_jurisdiction_known" CHECK ("practices"."jurisdiction" in ('US', 'UK'))
);
