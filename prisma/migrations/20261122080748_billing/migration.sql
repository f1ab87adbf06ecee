-- CreateEnum
CREATE TYPE "BudgetEnforcement" AS ENUM ('SOFT', 'HARD');

-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('OPEN', 'CLOSED');

-- AlterTable
ALTER TABLE "cluster_nodes" ADD COLUMN     "meteredThrough" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "organization_quotas" (
    "orgId" UUID NOT NULL,
    "maxGpus" INTEGER,
    "maxInstances" INTEGER,
    "monthlyBudgetMicros" BIGINT,
    "budgetEnforcement" "BudgetEnforcement" NOT NULL DEFAULT 'SOFT',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "organization_quotas_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "node_daily_usage" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "clusterNodeId" UUID NOT NULL,
    "instanceType" TEXT NOT NULL,
    "gpuType" TEXT,
    "gpuCount" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "seconds" INTEGER NOT NULL,
    "costMicros" BIGINT NOT NULL,
    "priceCatalogDate" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "node_daily_usage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "status" "InvoiceStatus" NOT NULL DEFAULT 'OPEN',
    "subtotalMicros" BIGINT NOT NULL,
    "totalCents" BIGINT NOT NULL,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_lines" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "projectId" UUID NOT NULL,
    "serviceId" UUID NOT NULL,
    "instanceType" TEXT NOT NULL,
    "gpuType" TEXT,
    "gpuCount" INTEGER NOT NULL,
    "seconds" BIGINT NOT NULL,
    "amountMicros" BIGINT NOT NULL,

    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "node_daily_usage_orgId_day_idx" ON "node_daily_usage"("orgId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "node_daily_usage_clusterNodeId_day_key" ON "node_daily_usage"("clusterNodeId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_orgId_month_key" ON "invoices"("orgId", "month");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_lines_invoiceId_position_key" ON "invoice_lines"("invoiceId", "position");

-- AddForeignKey
ALTER TABLE "organization_quotas" ADD CONSTRAINT "organization_quotas_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "node_daily_usage" ADD CONSTRAINT "node_daily_usage_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "invoices"("id") ON DELETE CASCADE ON UPDATE CASCADE;
