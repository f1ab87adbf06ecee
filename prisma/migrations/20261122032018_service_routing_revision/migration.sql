-- AlterTable
ALTER TABLE "services" ADD COLUMN     "routingRevision" INTEGER NOT NULL DEFAULT 0;
