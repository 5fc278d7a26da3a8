export * from './load.ts';
export { didYouMean, editDistance } from './suggest.ts';
