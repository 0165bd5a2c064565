import type { FC } from 'hono/jsx';
import type { Snapshot } from '../../clippings/snapshots.ts';
import { formatSourceDate } from '../../lib/dates.ts';

interface SnapshotSource {
  authors?: string[];
  outlet?: string | null;
  date?: string | null;
  url?: string;
}

/** "By Jane Doe · River Times · 9 March 2024" and the original's address, from a snapshot. */
export const SourceSummary: FC<{ snapshot: Snapshot }> = ({ snapshot }) => {
  const source = sourceOf(snapshot.metadata);
  const parts = [
    source.authors?.length ? `By ${source.authors.join(', ')}` : null,
    source.outlet ?? null,
    source.date ? formatSourceDate(source.date) : null,
  ].filter(Boolean);
  const url = source.url ?? snapshot.canonical_url ?? snapshot.url;
  return (
    <div class="clip-source">
      {parts.length > 0 && <p class="clip-byline">{parts.join(' · ')}</p>}
      <p class="clip-address">
        <a href={url} rel="noopener noreferrer" target="_blank">
          {url}
        </a>
      </p>
    </div>
  );
};

export function sourceOf(metadata: string): SnapshotSource {
  try {
    const source = JSON.parse(metadata)?.source;
    return source && typeof source === 'object' ? (source as SnapshotSource) : {};
  } catch {
    return {};
  }
}
