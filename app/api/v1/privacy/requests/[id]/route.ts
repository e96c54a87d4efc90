export { GET } from "@/app/api/privacy/requests/[id]/route";
