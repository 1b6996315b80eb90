import path from 'node:path';
import ts from 'typescript';

/**
 * A static check of the rule "no write path is reachable from a DataLoader or a query": starting
 * from every loader file (`*.loader.ts`), every `@Query` and `@FieldResolver` method and every
 * `__resolveReference`, it follows calls into the project's own functions and reports any that
 * writes — `audited(...)`, `appendEntries(...)`, a TypeORM write method (`save`, `insert`,
 * `update`, `delete`, …) or SQL that changes rows (INSERT / UPDATE … SET / DELETE / TRUNCATE).
 */
const TYPEORM_WRITES = new Set(['save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'softRemove', 'restore', 'increment', 'decrement', 'clear']);
const LEDGER_WRITES = new Set(['audited', 'appendEntries']);
const WRITING_SQL = /\b(INSERT\s+INTO|UPDATE\s+[\w."]+\s+SET|DELETE\s+FROM|TRUNCATE)\b/i;
const READ_DECORATORS = new Set(['Query', 'FieldResolver']);

export interface WriteOnRead {
  entry: string;
  via: string[];
  write: string;
}

export function writesOnReadPaths(root: string, folders: string[], options: { entryDecorators?: Set<string> } = {}): WriteOnRead[] {
  const decorators = options.entryDecorators ?? READ_DECORATORS;
  const files = ts.sys
    .readDirectory(root, ['.ts'], ['**/node_modules/**', '**/dist/**'], folders.map((f) => `${f}/**/*.ts`))
    .filter((f) => !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    experimentalDecorators: true,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const own = (file: ts.SourceFile) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/');
  const where = (node: ts.Node) => {
    const file = node.getSourceFile();
    return `${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };
  const found: WriteOnRead[] = [];

  const bodyOf = (declaration: ts.Declaration): ts.Node | undefined => {
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isFunctionExpression(declaration) || ts.isArrowFunction(declaration)) {
      return declaration.body;
    }
    if ((ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
      const init = declaration.initializer;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init.body;
    }
    return undefined;
  };

  const visit = (entry: string, start: ts.Node, via: string[], seen: Set<ts.Node>) => {
    const walk = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
        if (WRITING_SQL.test(node.text)) found.push({ entry, via, write: `SQL "${node.text.trim().slice(0, 40)}" at ${where(node)}` });
      }
      if (ts.isCallExpression(node)) {
        const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
        let symbol = checker.getSymbolAtLocation(callee);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const name = callee.getText();
        for (const declaration of symbol?.declarations ?? []) {
          const file = declaration.getSourceFile();
          if (file.fileName.includes('/node_modules/typeorm/') && TYPEORM_WRITES.has(name)) {
            found.push({ entry, via, write: `TypeORM ${name}() at ${where(node)}` });
          } else if (own(file) && LEDGER_WRITES.has(name) && file.fileName.includes('/ledger/')) {
            found.push({ entry, via, write: `${name}() at ${where(node)}` });
          } else if (own(file)) {
            const body = bodyOf(declaration);
            if (body && !seen.has(body)) {
              seen.add(body);
              visit(entry, body, [...via, `${name} (${where(declaration)})`], seen);
            }
          }
        }
      }
      ts.forEachChild(node, walk);
    };
    walk(start);
  };

  for (const file of program.getSourceFiles().filter((f) => own(f) && files.includes(f.fileName))) {
    if (file.fileName.endsWith('.loader.ts')) visit(path.relative(root, file.fileName), file, [], new Set());
    const find = (node: ts.Node): void => {
      if (ts.isMethodDeclaration(node) && node.body) {
        const names = (ts.getDecorators(node) ?? []).map((d) => (ts.isCallExpression(d.expression) ? d.expression.expression.getText() : d.expression.getText()));
        if (names.some((n) => decorators.has(n))) visit(`${names.find((n) => decorators.has(n))} ${node.name.getText()} (${where(node)})`, node.body, [], new Set([node.body]));
      }
      if (ts.isPropertyAssignment(node) && node.name.getText() === '__resolveReference') visit(`__resolveReference (${where(node)})`, node.initializer, [], new Set());
      ts.forEachChild(node, find);
    };
    find(file);
  }
  return found;
}
