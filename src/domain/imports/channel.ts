// A bounded hand-over of batches from one async producer to one async consumer: the producer waits
// while `capacity` batches are pending, so memory stays bounded when the consumer is the slower side.
import { AppError } from '../../errors.ts';

export class BatchChannel<T> implements AsyncIterable<T> {
  readonly #capacity: number;
  readonly #pending: T[] = [];
  #closed = false;
  #failure: { error: unknown } | undefined;
  #abandoned = false;
  #wakeConsumer: (() => void) | undefined;
  #wakeProducer: (() => void) | undefined;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Hands a batch over; throws once the consumer has stopped reading. */
  async push(batch: T): Promise<void> {
    while (this.#pending.length >= this.#capacity && !this.#abandoned) await new Promise<void>((wake) => (this.#wakeProducer = wake));
    if (this.#abandoned) throw new AppError('internal', 'The rows of this import are no longer being written.');
    this.#pending.push(batch);
    this.#wake();
  }

  /** No more batches; with an error, the consumer throws it after the pending batches. */
  close(failure?: { error: unknown }): void {
    this.#closed = true;
    this.#failure = failure;
    this.#wake();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        const batch = this.#pending.shift();
        if (batch !== undefined) {
          this.#wake();
          yield batch;
        } else if (this.#closed) {
          if (this.#failure) throw this.#failure.error;
          return;
        } else {
          await new Promise<void>((wake) => (this.#wakeConsumer = wake));
        }
      }
    } finally {
      this.#abandoned = true;
      this.#wake();
    }
  }

  #wake(): void {
    const consumer = this.#wakeConsumer;
    const producer = this.#wakeProducer;
    this.#wakeConsumer = undefined;
    this.#wakeProducer = undefined;
    consumer?.();
    producer?.();
  }
}
