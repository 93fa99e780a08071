import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

/** CodeMirror 6 with PostgreSQL highlighting and completion of the source's readable tables and columns. */
export function SqlEditor({
  value,
  onChange,
  tables,
  defaultSchema,
  label,
}: {
  value: string;
  onChange: (value: string) => void;
  tables: Record<string, string[]>;
  /** The schema whose tables complete without its name (the report's search path). */
  defaultSchema?: string;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const initial = useRef(value);
  const latest = useRef(onChange);
  latest.current = onChange;

  // Rebuilt when the table list arrives or changes with the source or search path (completion is
  // part of the language extension).
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      doc: view.current?.state.doc.toString() ?? initial.current,
      parent: host.current,
      extensions: [
        basicSetup,
        sql({ dialect: PostgreSQL, schema: tables, defaultSchema, upperCaseKeywords: true }),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) latest.current(update.state.doc.toString());
        }),
        EditorView.theme({
          '&': { minHeight: '280px', border: '1px solid var(--mantine-color-default-border)' },
        }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
  }, [tables, defaultSchema, label]);

  return <div ref={host} data-testid="sql-editor" />;
}
