-- CreateEnum
CREATE TYPE "RolloutCommandKind" AS ENUM ('SET_CANARY_PERCENT', 'ROLLBACK', 'TERMINATE');

-- AlterEnum
ALTER TYPE "CloudProvider" ADD VALUE 'SIM';

-- AlterTable
ALTER TABLE "clusters" ADD COLUMN     "rolloutId" UUID;

-- AlterTable
ALTER TABLE "service_versions" ADD COLUMN     "observed" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "rollout_commands" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "rolloutId" UUID NOT NULL,
    "kind" "RolloutCommandKind" NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "rollout_commands_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rollout_commands_rolloutId_consumedAt_idx" ON "rollout_commands"("rolloutId", "consumedAt");

-- AddForeignKey
ALTER TABLE "rollout_commands" ADD CONSTRAINT "rollout_commands_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
