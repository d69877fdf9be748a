// SPEC §E: the paginated lists (calls, audit log) are `{data, next_cursor}` pages, the next one asked for with
// `?cursor=<next_cursor>`; next_cursor is null on the last page.
import type { Page } from './types.js';

/**
 * What a paginated `list()` returns: `await` it for one page, or `for await` over it for every item of every page
 * (pages are fetched as the loop reaches them).
 *
 * @example
 * ```ts
 * const page = await kataven.calls.list({ limit: 20 });   // { data, next_cursor }
 * for await (const call of kataven.calls.list()) console.log(call.id, call.status);
 * ```
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  #first: Promise<Page<T>> | undefined;

  constructor(private readonly fetchPage: (cursor: string | undefined) => Promise<Page<T>>, private readonly cursor?: string) {}

  /** The first page, asked for once however often it is awaited. */
  private first(): Promise<Page<T>> {
    return (this.#first ??= this.fetchPage(this.cursor));
  }

  /**
   * Awaiting gives the first page.
   *
   * @example
   * ```ts
   * const { data, next_cursor } = await kataven.auditLog.list({ actor: 'api_key' });
   * ```
   */
  then<A = Page<T>, B = never>(
    onfulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.first().then(onfulfilled, onrejected);
  }

  /**
   * The first page's failure.
   *
   * @example
   * ```ts
   * const page = await kataven.calls.list().catch(() => ({ data: [], next_cursor: null }));
   * ```
   */
  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page<T> | B> {
    return this.first().catch(onrejected);
  }

  /**
   * Every page, from this one on.
   *
   * @example
   * ```ts
   * for await (const page of kataven.auditLog.list({ limit: 200 }).pages()) console.log(page.data.length);
   * ```
   */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.first();
    for (;;) {
      yield page;
      if (page.next_cursor === null || page.next_cursor === undefined || page.next_cursor === '') return;
      page = await this.fetchPage(page.next_cursor);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }
}
