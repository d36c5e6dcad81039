/**
 * A form generated from a JSON Schema object (the kind's configSchema): numbers, integers, booleans, enums and
 * strings get inputs; plain nested objects get a fieldset; unions (oneOf/anyOf) and arrays a JSON text box.
 */
type Schema = Record<string, any>;

interface Control {
  get(): unknown; // undefined: leave out
  set(v: unknown): void;
}

export class SchemaForm {
  private controls = new Map<string, Control>();

  constructor(private readonly root: HTMLElement, private readonly schema: Schema) {
    root.replaceChildren();
    for (const [key, prop] of Object.entries<Schema>(schema.properties ?? {})) {
      this.controls.set(key, this.build(root, key, prop, key));
    }
  }

  setValues(values: Record<string, unknown>): void {
    for (const [k, c] of this.controls) c.set(values[k]);
  }

  /** The values entered (fields left empty are omitted). Throws on a JSON box that does not parse. */
  values(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, c] of this.controls) {
      const v = c.get();
      if (v !== undefined) out[k] = v;
    }
    return out;
  }

  private build(parent: HTMLElement, key: string, prop: Schema, path: string): Control {
    const row = document.createElement('div');
    row.className = 'field';
    const label = document.createElement('label');
    label.textContent = key;
    label.title = prop.description ?? '';
    row.append(label);
    parent.append(row);
    const type = prop.type;
    if ((type === 'number' || type === 'integer') && !prop.oneOf && !prop.anyOf) {
      const input = document.createElement('input');
      input.type = 'number';
      input.name = path;
      input.step = type === 'integer' ? '1' : 'any';
      if (prop.minimum !== undefined) input.min = String(prop.minimum);
      if (prop.maximum !== undefined) input.max = String(prop.maximum);
      input.title = prop.description ?? '';
      label.append(input);
      return {
        get: () => (input.value === '' ? undefined : Number(input.value)),
        set: (v) => (input.value = typeof v === 'number' ? String(v) : ''),
      };
    }
    if (type === 'boolean') {
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.name = path;
      label.prepend(input);
      let known = false;
      input.addEventListener('change', () => (known = true));
      return {
        get: () => (known ? input.checked : undefined),
        set: (v) => {
          known = typeof v === 'boolean';
          input.checked = v === true;
        },
      };
    }
    if (type === 'string' && Array.isArray(prop.enum)) {
      const sel = document.createElement('select');
      sel.name = path;
      sel.append(new Option('', ''));
      for (const e of prop.enum) sel.append(new Option(String(e), String(e)));
      label.append(sel);
      return { get: () => (sel.value === '' ? undefined : sel.value), set: (v) => (sel.value = v === undefined ? '' : String(v)) };
    }
    if (type === 'string') {
      const input = document.createElement('input');
      input.name = path;
      label.append(input);
      let known = false;
      input.addEventListener('input', () => (known = true));
      return {
        get: () => (known || input.value !== '' ? input.value : undefined),
        set: (v) => {
          known = typeof v === 'string';
          input.value = typeof v === 'string' ? v : '';
        },
      };
    }
    if (type === 'object' && prop.properties && !prop.oneOf && !prop.anyOf) {
      const fs = document.createElement('fieldset');
      const sub = new Map<string, Control>();
      for (const [k, p] of Object.entries<Schema>(prop.properties)) sub.set(k, this.build(fs, k, p, `${path}.${k}`));
      row.append(fs);
      return {
        get: () => {
          const o: Record<string, unknown> = {};
          for (const [k, c] of sub) {
            const v = c.get();
            if (v !== undefined) o[k] = v;
          }
          return Object.keys(o).length ? o : undefined;
        },
        set: (v) => {
          const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
          for (const [k, c] of sub) c.set(o[k]);
        },
      };
    }
    const ta = document.createElement('textarea');
    ta.name = path;
    ta.rows = 2;
    ta.spellcheck = false;
    ta.title = `${prop.description ?? ''} (JSON)`;
    const hint = document.createElement('span');
    hint.className = 'muted';
    hint.textContent = ' JSON';
    label.append(hint);
    row.append(ta);
    return {
      get: () => {
        const text = ta.value.trim();
        if (!text) return undefined;
        try {
          return JSON.parse(text);
        } catch {
          throw new Error(`config field "${path}" is not valid JSON`);
        }
      },
      set: (v) => {
        ta.value = v === undefined ? '' : JSON.stringify(v);
        ta.rows = Math.min(6, Math.max(1, Math.ceil(ta.value.length / 40)));
      },
    };
  }
}
