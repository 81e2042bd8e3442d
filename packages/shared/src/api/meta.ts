import { z } from 'zod';

export const metaSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['demo', 'production']),
  modules: z.array(z.string()),
});
export type Meta = z.infer<typeof metaSchema>;
