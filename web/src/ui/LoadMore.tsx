import { Button, Center } from '@mantine/core';

/** The paged lists' "Load more" (docs/api.md: limit and cursor), shown while another page exists. */
export function LoadMore({
  query,
  label = 'Load more',
}: {
  query: { isSuccess: boolean; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  /** "Show more" where the list is all there is and a page only limits what is drawn at once. */
  label?: string;
}) {
  if (!query.isSuccess || !query.hasNextPage) return null;
  return (
    <Center>
      <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
        {label}
      </Button>
    </Center>
  );
}
