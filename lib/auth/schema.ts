import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address, like jane@example.com" }));

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters for the password")
  .max(200, "Use at most 200 characters for the password");

export const nameSchema = z.string().trim().min(1, "Enter a name").max(100, "Use at most 100 characters");

export const signUpSchema = z.object({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  workspaceName: z.string().trim().min(1, "Name your workspace, for example your company").max(80),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password"),
});
