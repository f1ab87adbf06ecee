-- CreateEnum
CREATE TYPE "LocalReplicaState" AS ENUM ('STARTING', 'READY', 'UNHEALTHY', 'DRAINING', 'STOPPED');

-- CreateEnum
CREATE TYPE "LocalClusterState" AS ENUM ('RUNNING', 'TERMINATING', 'TERMINATED');

-- CreateTable
CREATE TABLE "local_clusters" (
    "providerClusterId" TEXT NOT NULL,
    "clusterKey" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "rolloutId" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "state" "LocalClusterState" NOT NULL DEFAULT 'RUNNING',
    "env" JSONB NOT NULL,
    "workingDir" TEXT NOT NULL,
    "applications" JSONB NOT NULL,
    "deployments" JSONB NOT NULL,
    "appliedKeys" JSONB NOT NULL DEFAULT '[]',
    "replacing" JSONB NOT NULL DEFAULT '[]',
    "replacedReplicaIds" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "terminatingAt" TIMESTAMP(3),
    "terminatedAt" TIMESTAMP(3),
    "revision" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "local_clusters_pkey" PRIMARY KEY ("providerClusterId")
);

-- CreateTable
CREATE TABLE "local_replicas" (
    "replicaId" TEXT NOT NULL,
    "providerClusterId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "application" TEXT NOT NULL,
    "deployment" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "state" "LocalReplicaState" NOT NULL DEFAULT 'STARTING',
    "pid" INTEGER,
    "pgid" INTEGER,
    "port" INTEGER,
    "processStartTime" BIGINT,
    "startedAt" TIMESTAMP(3),
    "readyAt" TIMESTAMP(3),
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "crashStreak" INTEGER NOT NULL DEFAULT 0,
    "lastExitCode" INTEGER,
    "lastFailure" TEXT,
    "nextRestartAt" TIMESTAMP(3),
    "drainingSince" TIMESTAMP(3),
    "signalledAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "replaces" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "local_replicas_pkey" PRIMARY KEY ("replicaId")
);

-- CreateIndex
CREATE UNIQUE INDEX "local_clusters_clusterKey_key" ON "local_clusters"("clusterKey");

-- CreateIndex
CREATE INDEX "local_clusters_serviceId_idx" ON "local_clusters"("serviceId");

-- CreateIndex
CREATE INDEX "local_clusters_state_idx" ON "local_clusters"("state");

-- CreateIndex
CREATE INDEX "local_replicas_providerClusterId_state_idx" ON "local_replicas"("providerClusterId", "state");

-- AddForeignKey
ALTER TABLE "local_replicas" ADD CONSTRAINT "local_replicas_providerClusterId_fkey" FOREIGN KEY ("providerClusterId") REFERENCES "local_clusters"("providerClusterId") ON DELETE CASCADE ON UPDATE CASCADE;
