import type { FC } from 'hono/jsx';
import { scriptLanguage } from '../../lib/script.ts';
import { urls } from '../urls.ts';

/** Outlets, each linked to its /source/ page with its number of clippings (the Sources widget and /source/). */
export const OutletList: FC<{ outlets: { name: string; count: number }[]; class: string }> = ({
  outlets,
  class: className,
}) => (
  <ul class={className}>
    {outlets.map((o) => (
      <li>
        <a href={urls.source(o.name)} lang={scriptLanguage(o.name) ?? undefined}>
          {o.name}
        </a>{' '}
        <span class="count">({o.count})</span>
      </li>
    ))}
  </ul>
);
