// Every symbol that src/index.ts exports has a doc comment, and so does every public member of an
// exported class, every property of an exported interface or object type, and every property of
// the object types written inline in an exported type alias, a property's type or a function's
// or method's return type (the API reference, `npm run docs`, is generated from them). Read with the TypeScript compiler over src/index.ts, the way TypeDoc reads it;
// members marked @internal are left out of the shipped types and so are not checked.
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Exports whose doc comments are still missing in files that others own while this list is kept
 * (the folders in AWAITING_FOLDERS). The test fails when one of these gets documented (delete it
 * here then) and when any other export lacks a comment.
 */
const AWAITING_DOCS: string[] = [
];
const AWAITING_FOLDERS = ['src/optimizers/', 'src/dynamics/', 'src/training/', 'src/experiment/', 'src/cli/', 'src/runtime/abi'];

function program(): { checker: ts.TypeChecker; index: ts.SourceFile } {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const p = ts.createProgram([join(root, 'src/index.ts')], { ...parsed.options, noEmit: true });
  const index = p.getSourceFile(join(root, 'src/index.ts'));
  if (!index) throw new Error('src/index.ts not found');
  return { checker: p.getTypeChecker(), index };
}

function isInternal(node: ts.Node): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal');
}

function docText(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

function hasDoc(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && typeof doc.comment === 'string' ? doc.comment.trim() !== '' : ts.isJSDoc(doc) && doc.comment !== undefined && doc.comment.length > 0);
}

function isPublicMember(node: ts.Node): boolean {
  const flags = ts.getCombinedModifierFlags(node as ts.Declaration);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  const name = (node as ts.NamedDeclaration).name;
  return !(name && ts.isPrivateIdentifier(name)) && !isInternal(node);
}

/** The property signatures of every object type literal inside a type node (unions, intersections, arrays, generics). */
function typeLiteralMembers(node: ts.Node, found: ts.TypeElement[] = []): ts.TypeElement[] {
  if (ts.isTypeLiteralNode(node)) found.push(...node.members);
  // Parameters and return types of function types describe calls, not the object's fields.
  if (!ts.isFunctionTypeNode(node)) ts.forEachChild(node, (child) => { typeLiteralMembers(child, found); });
  return found;
}

/** `file: Name` or `file: Name.member` for every exported declaration and member without a doc comment. */
function undocumented(): string[] {
  const { checker, index } = program();
  const missing = new Set<string>();
  const where = (node: ts.Node) => relative(root, node.getSourceFile().fileName);
  const member = (owner: string, node: ts.Node, isStatic = false) => {
    if (!isPublicMember(node)) return;
    const name = ts.isConstructorDeclaration(node) ? 'constructor' : (node as ts.NamedDeclaration).name?.getText() ?? '(unnamed)';
    if (!hasDoc(node)) missing.add(`${where(node)}: ${owner}.${isStatic ? 'static ' : ''}${name}`);
    inlineTypes(`${owner}.${name}`, node);
  };
  // The fields of object types written inline in a property's type or a function's return type
  // (`{ X: Matrix; y: Float64Array }`) are documented like an interface's.
  const inlineTypes = (owner: string, node: ts.Node) => {
    const type = (node as { type?: ts.TypeNode }).type;
    if (type) for (const m of typeLiteralMembers(type)) member(owner, m);
  };

  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = symbol.declarations ?? [];
    if (declarations.length === 0) throw new Error(`${exported.name}: no declaration found`);
    const name = exported.name;
    if (!docText(symbol, checker) && !declarations.some(hasDoc)) missing.add(`${where(declarations[0])}: ${name}`);
    for (const declaration of declarations) {
      if (ts.isFunctionDeclaration(declaration)) inlineTypes(name, declaration);
      if (ts.isClassDeclaration(declaration)) {
        for (const m of declaration.members) {
          if (ts.isConstructorDeclaration(m) && m.body === undefined) continue; // an overload signature
          if (ts.isClassStaticBlockDeclaration(m) || ts.isSemicolonClassElement(m) || ts.isIndexSignatureDeclaration(m)) continue;
          const isStatic = (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0;
          member(name, m, isStatic);
        }
      } else if (ts.isInterfaceDeclaration(declaration)) {
        for (const m of declaration.members) member(name, m);
      } else if (ts.isTypeAliasDeclaration(declaration)) {
        for (const m of typeLiteralMembers(declaration.type)) member(name, m);
      }
    }
  }
  return [...missing].sort();
}

describe('doc comments of the public API', () => {
  const missing = undocumented();

  it('every export of src/index.ts and every public member has one', () => {
    const unexpected = missing.filter((m) => !AWAITING_DOCS.includes(m));
    expect(unexpected, `undocumented exports or members (file: Symbol.member):\n  ${unexpected.join('\n  ')}\n`).toEqual([]);
  });

  it('the list of comments awaiting their files\' owners names only what is still missing, in their folders', () => {
    const documented = AWAITING_DOCS.filter((m) => !missing.includes(m));
    expect(documented, `documented now, delete from AWAITING_DOCS in ${relative(root, fileURLToPath(import.meta.url))}:\n  ${documented.join('\n  ')}\n`).toEqual([]);
    expect(AWAITING_DOCS.filter((m) => !AWAITING_FOLDERS.some((folder) => m.startsWith(folder)))).toEqual([]);
  });

  it('the check finds a missing comment, a missing member comment and skips private and @internal members', () => {
    const source = ts.createSourceFile('x.ts', `
      /** Documented. */
      export class A {
        /** Documented member. */ a = 1;
        b = 2;
        private c = 3;
        /** @internal */ d = 4;
      }
      export interface B {
        x: number;
        /** Documented. */
        y: number;
      }
    `, ts.ScriptTarget.ES2022, true);
    const [classA, interfaceB] = source.statements as unknown as [ts.ClassDeclaration, ts.InterfaceDeclaration];
    expect(classA.members.filter((m) => isPublicMember(m) && !hasDoc(m)).map((m) => m.name!.getText())).toEqual(['b']);
    expect(interfaceB.members.filter((m) => !hasDoc(m)).map((m) => m.name!.getText())).toEqual(['x']);
    expect(hasDoc(classA)).toBe(true);
    expect(hasDoc(interfaceB)).toBe(false);
  });
});
