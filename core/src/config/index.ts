export { hostPortSchema } from './host-port.ts';
export * from './load.ts';
export { didYouMean, editDistance } from './suggest.ts';
