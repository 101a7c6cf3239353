import { render } from './evaluate';
import { JsonPathError, parseTemplate, TemplateNode } from './parser';

export { JsonPathError } from './parser';
export { goJson } from './evaluate';

/** A compiled kubectl JSONPath template. */
export class JsonPath {
  private readonly nodes: TemplateNode[];

  constructor(readonly template: string) {
    try {
      this.nodes = parseTemplate(template);
    } catch (err) {
      throw new JsonPathError(`error parsing jsonpath ${template}, ${(err as Error).message}`);
    }
  }

  execute(data: unknown): string {
    return render(this.nodes, data, data);
  }
}
