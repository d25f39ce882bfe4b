// The parts of nlp.js (github.com/axa-group/nlp.js, MIT) the reader uses; the packages ship no types.

declare module '@nlpjs/lang-nl' {
  export class StemmerNl { stemWord(word: string): string }
  export class StopwordsNl { dictionary: Record<string, boolean> }
  /** Dutch sentiment: the Pattern lexicon (stems → -1…1) and its negators. */
  export const SentimentNl: { pattern: Record<string, number>; negations: { words: string[] } };
}

declare module '@nlpjs/lang-en-min' {
  export class StemmerEn { stemWord(word: string): string }
  export class StopwordsEn { dictionary: Record<string, boolean> }
}

declare module '@nlpjs/neural' {
  export interface NeuralSettings { iterations?: number; errorThresh?: number; deltaErrorThresh?: number; learningRate?: number; momentum?: number; alpha?: number; log?: boolean }
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings);
    /** Trains synchronously on {input: {feature: 1}, output: {class: 1}} rows. */
    train(corpus: { input: Record<string, number>; output: Record<string, number> }[]): { iterations: number; error: number };
    run(input: Record<string, number>): Record<string, number> | undefined;
    explain(input: Record<string, number>, intent: string): { weights?: Record<string, number>; bias?: number };
  }
}
