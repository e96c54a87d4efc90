// The public API for data subject requests (admin API key): the same handlers as the app's.
export { GET, POST } from "@/app/api/privacy/requests/route";
