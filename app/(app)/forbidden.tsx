import { Forbidden } from "@/components/shell/forbidden";

/** Rendered with HTTP 403 when a page calls forbidden(): the role in this workspace does not allow it. */
export default function ForbiddenPage() {
  return (
    <Forbidden message="Your role in this workspace does not allow this page. Owners and Admins manage members, API keys, settings, privacy and the audit log; ask one of them if you need access." />
  );
}
