import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { messageOf, unplacedDetails } from '../api/form-errors.ts';

function titleOf(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong';
  if (error.status === 403) return 'Not allowed';
  if (error.status === 404) return 'Not found';
  if (error.status === 409) return 'Conflict';
  if (error.status === 429) return 'Too many attempts';
  if (error.status >= 500) return 'The server had a problem';
  return 'Please check your input';
}

/**
 * The alert above a form or a table: the server's message, plus any detail the form has no field
 * for (fields show their own messages next to them).
 */
export function ErrorAlert({
  error,
  fields = [],
  title,
}: {
  error: unknown;
  fields?: readonly string[];
  title?: string;
}) {
  if (!error) return null;
  const rest = unplacedDetails(error, fields);
  return (
    <Alert color="red" title={title ?? titleOf(error)} role="alert">
      {messageOf(error)}
      {rest.length > 0 && (
        <List size="sm" mt="xs">
          {rest.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
