/**
 * The page's one writer of the address bar. The query is split into sections, one per owner: the
 * simulator's keys (act, init, depth, …, engine, focus, scenario, seeds), the shell's `tab`, and the
 * training view's keys, prefixed `t.` so they never collide with the simulator's. Each owner reads
 * its section and writes it whole; the store keeps the other sections as they are and replaces the
 * history entry (a settings change is not a navigation), so a reload or a shared link reproduces
 * every view. Nothing else touches `history` or `location`.
 */
import { queryText } from './view-fields';

export const TRAIN_URL_PREFIX = 't.';

/** Which section a key belongs to; the simulator's takes every key nobody else claims. */
const SECTIONS = {
  sim: (key: string) => key !== 'tab' && !key.startsWith(TRAIN_URL_PREFIX),
  shell: (key: string) => key === 'tab',
  train: (key: string) => key.startsWith(TRAIN_URL_PREFIX),
} as const;

export type UrlSection = keyof typeof SECTIONS;
/** The order of the sections in the query. */
const ORDER = Object.keys(SECTIONS) as UrlSection[];

/** What the store needs of `window`: where the page is and how to replace its history entry. */
export interface UrlHost {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

export class UrlStore {
  private readonly sections = {} as Record<UrlSection, URLSearchParams>;

  constructor(private readonly host: UrlHost) {
    const params = new URLSearchParams(host.location.search);
    for (const name of ORDER) {
      this.sections[name] = new URLSearchParams([...params].filter(([key]) => SECTIONS[name](key)));
    }
  }

  /** A copy of one section's parameters, as the page was opened or as last written. */
  read(section: UrlSection): URLSearchParams {
    return new URLSearchParams(this.sections[section]);
  }

  /** Replaces one section (keys another section owns are refused) and updates the address bar. */
  write(section: UrlSection, params: URLSearchParams): void {
    for (const key of params.keys()) {
      if (!SECTIONS[section](key)) throw new Error(`internal: URL key '${key}' is not in the ${section} section`);
    }
    this.sections[section] = new URLSearchParams(params);
    const search = this.search();
    const { location, history } = this.host;
    if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }

  /** The whole query, section by section ('' when empty). */
  search(): string {
    const all = new URLSearchParams(ORDER.flatMap((name) => [...this.sections[name]]));
    const text = queryText(all);
    return text ? `?${text}` : '';
  }
}

export type TabId = 'init' | 'training' | 'help';

/** The tab in the shell's section: the Initialization tab unless the URL says training or help. */
export function decodeTab(params: URLSearchParams): TabId {
  const tab = params.get('tab');
  return tab === 'training' || tab === 'help' ? tab : 'init';
}

/** The shell's section for a tab (empty for the Initialization tab, the default). */
export function tabParams(tab: TabId): URLSearchParams {
  return new URLSearchParams(tab === 'init' ? [] : [['tab', tab]]);
}
