import { z } from 'zod';

export const InvalidParamSchema = z.object({
  name: z.string(),
  reason: z.string(),
});
export type InvalidParam = z.infer<typeof InvalidParamSchema>;

/** RFC 9457 problem details, as every error of the API is shaped. */
export const ProblemSchema = z.object({
  type: z.string(),
  status: z.number().int().min(100).max(599),
  title: z.string().optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  request_id: z.string().optional(),
  code: z.string().optional(),
  invalid_params: z.array(InvalidParamSchema).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
