import type { HubConfig } from './config.ts';

/**
 * A keyed cache whose entries live as long as one hub configuration object. A process has one, so
 * in production this is a module-level cache; but test files share their worker's modules
 * (decision 0068), and each file's hub comes with its own configuration — so a later file's
 * stand-in, even one listening at an address an earlier file used, is never answered from the
 * earlier file's entry (Mozilla's keys, an SMTP connection).
 */
export function configScopedCache<V>(): (config: HubConfig) => Map<string, V> {
  const byConfig = new WeakMap<HubConfig, Map<string, V>>();
  return (config) => {
    let entries = byConfig.get(config);
    if (!entries) {
      entries = new Map();
      byConfig.set(config, entries);
    }
    return entries;
  };
}
