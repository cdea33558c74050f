import { Button, Center } from '@mantine/core';

/** The paged lists' "Load more" (docs/api.md: limit and cursor), shown while another page exists. */
export function LoadMore({
  query,
}: {
  query: { isSuccess: boolean; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  if (!query.isSuccess || !query.hasNextPage) return null;
  return (
    <Center>
      <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
        Load more
      </Button>
    </Center>
  );
}
