export { sendMail, mailConfigured, type Mail } from "./send";
