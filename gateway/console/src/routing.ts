import { useCallback } from 'react';
import { useLocation, useSearch } from 'wouter';

/**
 * The view's state lives in its URL (`/console/portfolio?brand=halden&capability=FULFILLMENT`), so
 * every selection is a link that can be shared.
 */
export function useSearchParams(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const update = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = new URLSearchParams(search);
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(name);
        else next.set(name, value);
      }
      const query = next.toString();
      navigate(`${location}${query ? `?${query}` : ''}`);
    },
    [search, location, navigate],
  );
  return [params, update];
}
