-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "nodesSettledAt" TIMESTAMP(3);
