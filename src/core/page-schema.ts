/**
 * The shape of every list reply and its query (docs/api.md): `?limit=` up to maxPageSize and
 * `?cursor=` from the previous reply's `next`; the reply holds the items under the resource's
 * plural name and `next`, null on the last page. Shared by the server, its OpenAPI document and
 * the web app.
 */
import { z } from 'zod';

export const maxPageSize = 100;
export const defaultPageSize = 50;

export const pageQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxPageSize)
    .default(defaultPageSize)
    .describe(`Items per page, 1 to ${maxPageSize}`),
  cursor: z.string().min(1).max(500).optional().describe("The previous page's `next`; leave out for the first page"),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

const nextSchema = z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page');

/** A page of `item` under `key`, with the next page's cursor. */
export function listPageSchema<K extends string, T extends z.ZodType>(key: K, item: T) {
  const shape = { [key]: z.array(item), next: nextSchema } as { [P in K]: z.ZodArray<T> } & { next: typeof nextSchema };
  return z.object(shape);
}
