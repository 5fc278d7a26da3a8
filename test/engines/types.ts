/** A real engine started for tests (or one given by the environment). */
export interface RunningEngine {
  /** opensearch | elasticsearch | kafka | mosquitto */
  name: EngineName;
  /** What clients connect to: http://127.0.0.1:PORT, 127.0.0.1:PORT, mqtt://127.0.0.1:PORT */
  url: string;
  /** Version reported by the engine itself. */
  version: string;
  /** Where its logs are kept (kept after stop so failures can be read). Empty when external. */
  logFile: string;
  /** True when it came from an environment variable and we did not start it. */
  external: boolean;
  stop(): Promise<void>;
}

export type EngineName = 'opensearch' | 'elasticsearch' | 'kafka' | 'mosquitto';

/** Environment variable that points tests at an already running engine. */
export const ENGINE_ENV: Record<EngineName, string> = {
  opensearch: 'OPENSEARCH_URL',
  elasticsearch: 'ELASTICSEARCH_URL',
  kafka: 'KAFKA_BROKERS',
  mosquitto: 'MQTT_URL',
};
