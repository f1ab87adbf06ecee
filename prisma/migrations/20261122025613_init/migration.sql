-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('READ', 'DEPLOY', 'ADMIN');

-- CreateEnum
CREATE TYPE "CloudProvider" AS ENUM ('LOCAL', 'AWS', 'GCP');

-- CreateEnum
CREATE TYPE "ServiceState" AS ENUM ('STARTING', 'RUNNING', 'ROLLING_OUT', 'ROLLING_BACK', 'UNHEALTHY', 'TERMINATING', 'TERMINATED', 'SYSTEM_FAILURE');

-- CreateEnum
CREATE TYPE "VersionState" AS ENUM ('STARTING', 'RUNNING', 'UNHEALTHY', 'TERMINATING', 'TERMINATED', 'FAILED');

-- CreateEnum
CREATE TYPE "ClusterState" AS ENUM ('PROVISIONING', 'RUNNING', 'TERMINATING', 'TERMINATED', 'FAILED');

-- CreateEnum
CREATE TYPE "NodeRole" AS ENUM ('HEAD', 'WORKER');

-- CreateEnum
CREATE TYPE "NodeState" AS ENUM ('PENDING', 'RUNNING', 'STOPPED');

-- CreateEnum
CREATE TYPE "RolloutStrategy" AS ENUM ('INITIAL', 'CANARY', 'IN_PLACE');

-- CreateEnum
CREATE TYPE "RolloutState" AS ENUM ('PENDING', 'PROVISIONING', 'WAITING_HEALTHY', 'SHIFTING', 'PAUSED', 'COMPLETING', 'SUCCEEDED', 'ROLLING_BACK', 'ROLLED_BACK', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("orgId","userId")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" "TokenScope"[],
    "projectId" UUID,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "actorUserId" UUID,
    "actorTokenId" UUID,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clouds" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "provider" "CloudProvider" NOT NULL,
    "region" TEXT NOT NULL,
    "zone" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "credentialsEncrypted" BYTEA,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "clouds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "compute_configs" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "cloudId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "headNode" JSONB NOT NULL,
    "workerGroups" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "compute_configs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "services" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "state" "ServiceState" NOT NULL DEFAULT 'STARTING',
    "endpointSlug" TEXT NOT NULL,
    "queryAuthEnabled" BOOLEAN NOT NULL DEFAULT true,
    "queryTokenHash" TEXT,
    "previousQueryTokenHash" TEXT,
    "primaryVersionId" UUID,
    "canaryVersionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "service_versions" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "configHash" TEXT NOT NULL,
    "state" "VersionState" NOT NULL DEFAULT 'STARTING',
    "targetWeight" INTEGER NOT NULL DEFAULT 0,
    "currentWeight" INTEGER NOT NULL DEFAULT 0,
    "cloudId" UUID NOT NULL,
    "computeConfigId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "service_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clusters" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "serviceVersionId" UUID NOT NULL,
    "cloudId" UUID NOT NULL,
    "provider" "CloudProvider" NOT NULL,
    "providerClusterId" TEXT,
    "state" "ClusterState" NOT NULL DEFAULT 'PROVISIONING',
    "idempotencyKey" TEXT NOT NULL,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "terminatedAt" TIMESTAMP(3),

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cluster_nodes" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "providerNodeId" TEXT NOT NULL,
    "role" "NodeRole" NOT NULL,
    "groupName" TEXT NOT NULL,
    "instanceType" TEXT NOT NULL,
    "gpuType" TEXT,
    "gpuCount" INTEGER NOT NULL DEFAULT 0,
    "state" "NodeState" NOT NULL DEFAULT 'PENDING',
    "startedAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cluster_nodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollouts" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "fromVersionId" UUID,
    "toVersionId" UUID NOT NULL,
    "strategy" "RolloutStrategy" NOT NULL,
    "state" "RolloutState" NOT NULL DEFAULT 'PENDING',
    "step" INTEGER NOT NULL DEFAULT 0,
    "options" JSONB NOT NULL DEFAULT '{}',
    "machine" JSONB NOT NULL DEFAULT '{}',
    "deadline" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollout_events" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "rolloutId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "fromState" "RolloutState",
    "toState" "RolloutState",
    "reason" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rollout_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "orgId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("orgId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_userId_idx" ON "memberships"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "projects_orgId_name_key" ON "projects"("orgId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_secretHash_key" ON "api_tokens"("secretHash");

-- CreateIndex
CREATE INDEX "api_tokens_orgId_id_idx" ON "api_tokens"("orgId", "id");

-- CreateIndex
CREATE INDEX "audit_logs_orgId_id_idx" ON "audit_logs"("orgId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "clouds_orgId_name_key" ON "clouds"("orgId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "compute_configs_orgId_name_version_key" ON "compute_configs"("orgId", "name", "version");

-- CreateIndex
CREATE UNIQUE INDEX "services_endpointSlug_key" ON "services"("endpointSlug");

-- CreateIndex
CREATE UNIQUE INDEX "services_primaryVersionId_key" ON "services"("primaryVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "services_canaryVersionId_key" ON "services"("canaryVersionId");

-- CreateIndex
CREATE INDEX "services_orgId_idx" ON "services"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "services_projectId_name_key" ON "services"("projectId", "name");

-- CreateIndex
CREATE INDEX "service_versions_orgId_idx" ON "service_versions"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "service_versions_serviceId_name_key" ON "service_versions"("serviceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "clusters_idempotencyKey_key" ON "clusters"("idempotencyKey");

-- CreateIndex
CREATE INDEX "clusters_orgId_idx" ON "clusters"("orgId");

-- CreateIndex
CREATE INDEX "clusters_serviceVersionId_idx" ON "clusters"("serviceVersionId");

-- CreateIndex
CREATE INDEX "cluster_nodes_orgId_startedAt_idx" ON "cluster_nodes"("orgId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "cluster_nodes_clusterId_providerNodeId_key" ON "cluster_nodes"("clusterId", "providerNodeId");

-- CreateIndex
CREATE INDEX "rollouts_orgId_idx" ON "rollouts"("orgId");

-- CreateIndex
CREATE INDEX "rollouts_serviceId_createdAt_idx" ON "rollouts"("serviceId", "createdAt");

-- CreateIndex
CREATE INDEX "rollouts_state_idx" ON "rollouts"("state");

-- CreateIndex
CREATE UNIQUE INDEX "rollout_events_rolloutId_seq_key" ON "rollout_events"("rolloutId", "seq");

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clouds" ADD CONSTRAINT "clouds_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compute_configs" ADD CONSTRAINT "compute_configs_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compute_configs" ADD CONSTRAINT "compute_configs_cloudId_fkey" FOREIGN KEY ("cloudId") REFERENCES "clouds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "services" ADD CONSTRAINT "services_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "services" ADD CONSTRAINT "services_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "services" ADD CONSTRAINT "services_primaryVersionId_fkey" FOREIGN KEY ("primaryVersionId") REFERENCES "service_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "services" ADD CONSTRAINT "services_canaryVersionId_fkey" FOREIGN KEY ("canaryVersionId") REFERENCES "service_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_versions" ADD CONSTRAINT "service_versions_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_versions" ADD CONSTRAINT "service_versions_cloudId_fkey" FOREIGN KEY ("cloudId") REFERENCES "clouds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "service_versions" ADD CONSTRAINT "service_versions_computeConfigId_fkey" FOREIGN KEY ("computeConfigId") REFERENCES "compute_configs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_serviceVersionId_fkey" FOREIGN KEY ("serviceVersionId") REFERENCES "service_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_cloudId_fkey" FOREIGN KEY ("cloudId") REFERENCES "clouds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_nodes" ADD CONSTRAINT "cluster_nodes_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_fromVersionId_fkey" FOREIGN KEY ("fromVersionId") REFERENCES "service_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollouts" ADD CONSTRAINT "rollouts_toVersionId_fkey" FOREIGN KEY ("toVersionId") REFERENCES "service_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_events" ADD CONSTRAINT "rollout_events_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
