-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "identity_traits" TEXT[] DEFAULT ARRAY[]::TEXT[];

