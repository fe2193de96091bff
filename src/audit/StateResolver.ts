import { ts } from 'ts-morph';
import { isInStatePackage, isStatePackage, relativeToRoot, type AuditSettings } from './AuditSettings.js';
import { foldString, resolveAlias, skipOuter } from './ConstantFolder.js';
import { isLaunderedState, isModuleLoad, isNamedDefinition, isValueChoice, sourceMentions, sourceOf } from './declarationSources.js';
import { isLaunderedAccess, originType, type ModuleLookup } from './originType.js';
import { GLOBAL_OBJECT_NAMES, type Taint } from './TaintSet.js';
import { TokenRoutes } from './TokenRoutes.js';

/** Strings, numbers, booleans and the like: data, never a handle on state. */
const PRIMITIVE = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike
  | ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Never | ts.TypeFlags.EnumLike;

const HOLDERS = new Set(['Array', 'ReadonlyArray', 'Promise', 'Map', 'ReadonlyMap', 'Set', 'ReadonlySet', 'WeakMap', 'WeakRef']);
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(GLOBAL_OBJECT_NAMES);

/**
 * Decides, with the type checker, whether a symbol, type or expression is tenant state. Only
 * the candidates of the syntax pass are asked, and answers are cached per symbol, so the
 * checker resolves what is used and nothing else (no findReferences).
 */
export class StateResolver {
  private readonly symbols = new Map<ts.Symbol, boolean>();
  private readonly types = new Map<ts.Type, boolean>();

  private readonly plausible = new Map<ts.Node, boolean>();

  /** Values handed over under a token, and the lookups that take them back. */
  readonly tokens: TokenRoutes;

  /** `registering`: the files that hand values over under a token some file looks up. */
  constructor(readonly checker: ts.TypeChecker, private readonly settings: AuditSettings, private readonly taint: Taint,
    private readonly lookup: ModuleLookup = () => undefined, registering: () => readonly ts.SourceFile[] = () => []) {
    this.tokens = new TokenRoutes(checker, registering, (e) => this.isStateExpression(e), (node) => {
      const sf = node.getSourceFile();
      return `${relativeToRoot(settings, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    }, (token) => taint.global.has(token));
  }

  /**
   * For a value whose type a cast or an untyped route erased: whether where it came from is
   * state (true), is not (false), or cannot be told (undefined).
   */
  originIsState(expr: ts.Expression): boolean | undefined {
    const type = originType(this.checker, this.lookup, expr);
    return type === undefined ? undefined : this.isStateType(type);
  }

  isOpaque(expr: ts.Expression): boolean {
    return (this.checker.getTypeAtLocation(skipOuter(expr)).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  }

  /**
   * Whether a declaration could hold state at all, by its syntax: its type, initializer or
   * returns name something tainted. Asked before any type query, which on generic-heavy code
   * costs far more than this walk.
   */
  isPlausible(decl: ts.Declaration): boolean {
    let known = this.plausible.get(decl);
    if (known === undefined) {
      const file = decl.getSourceFile().fileName;
      known = isInStatePackage(this.settings, file) || this.settings.stateFiles.has(file) || this.isRootDefinition(decl)
        || ts.isClassLike(decl) || ts.isSourceFile(decl) || [...sourceMentions(decl)].some((n) => this.taint.has(file, n));
      this.plausible.set(decl, known);
    }
    return known;
  }

  /** Whether any declaration of a symbol (aliases followed) could hold state; an unknown symbol could. */
  isPlausibleSymbol(symbol: ts.Symbol | undefined): boolean {
    const s = resolveAlias(this.checker, symbol);
    const decls = s?.declarations ?? [];
    return decls.length === 0 || decls.some((d) => this.isPlausible(d));
  }

  isStateSpecifier(specifier: ts.Expression): boolean {
    if (!ts.isStringLiteralLike(specifier)) return false;
    if (isStatePackage(this.settings, specifier.text)) return true;
    if (this.settings.stateFiles.size === 0) return false;
    const module = this.checker.getSymbolAtLocation(specifier);
    const decl = module?.declarations?.[0];
    return decl !== undefined && this.settings.stateFiles.has(decl.getSourceFile().fileName);
  }

  /** A root definition (a configured symbol or global) declared in `fileName` itself. */
  isDefinedIn(symbol: ts.Symbol | undefined, fileName: string): boolean {
    const s = resolveAlias(this.checker, symbol);
    const decls = s?.declarations ?? [];
    return decls.length > 0 && decls.every((d) => d.getSourceFile().fileName === fileName && this.isRootDefinition(d));
  }

  isStateSymbol(symbol: ts.Symbol | undefined): boolean {
    if (symbol === undefined) return false;
    const known = this.symbols.get(symbol);
    if (known !== undefined) return known;
    this.symbols.set(symbol, false);
    let result = false;
    if ((symbol.flags & ts.SymbolFlags.Alias) !== 0) {
      const target = resolveAlias(this.checker, symbol);
      result = target !== undefined && target !== symbol && this.isStateSymbol(target);
    } else {
      result = (symbol.declarations ?? []).some((d) => this.isStateDeclaration(d, symbol));
    }
    this.symbols.set(symbol, result);
    return result;
  }

  isStateType(type: ts.Type): boolean {
    if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | PRIMITIVE)) !== 0) return false;
    const known = this.types.get(type);
    if (known !== undefined) return known;
    this.types.set(type, false);
    let result = false;
    if (type.isUnionOrIntersection()) result = type.types.some((t) => this.isStateType(t));
    else {
      result = this.isStateSymbol(type.aliasSymbol) || this.isStateSymbol(type.getSymbol()) || this.holdsState(type);
      if (!result && type.isClassOrInterface()) result = (this.checker.getBaseTypes(type) ?? []).some((b) => this.isStateType(b));
    }
    this.types.set(type, result);
    return result;
  }

  /** An array, tuple, promise or collection of state hands out state: `[redis]`, `Map<string, Redis>`. */
  private holdsState(type: ts.Type): boolean {
    const name = type.getSymbol()?.getName();
    if (name === undefined || !HOLDERS.has(name) || (type.flags & ts.TypeFlags.Object) === 0) return false;
    const args = this.checker.getTypeArguments(type as ts.TypeReference);
    return args.some((a) => this.isStateType(a));
  }

  /** Whether the value of an expression is tenant state, following aliases and `any` casts to their source. */
  isStateExpression(expr: ts.Expression): boolean {
    if (this.isStateExpressionBySyntax(expr)) return true;
    return (this.isOpaque(expr) || isLaunderedAccess(this.checker, expr)) && this.originIsState(expr) === true;
  }

  private isStateExpressionBySyntax(expr: ts.Expression): boolean {
    const e = skipOuter(expr);
    if (ts.isIdentifier(e)) return this.isStateSymbol(this.checker.getSymbolAtLocation(e)) || this.typeIsState(e);
    if (ts.isPropertyAccessExpression(e)) {
      if (this.isGlobalObject(e.expression) && this.settings.globalNames.has(e.name.text)) return true;
      return this.isStateSymbol(this.checker.getSymbolAtLocation(e.name)) || this.typeIsState(e) || this.isStateExpression(e.expression);
    }
    if (ts.isElementAccessExpression(e)) {
      const key = foldString(e.argumentExpression, this.checker);
      if (key !== undefined && this.isGlobalObject(e.expression) && this.settings.globalNames.has(key)) return true;
      if (key !== undefined && this.isStateSymbol(this.checker.getTypeAtLocation(skipOuter(e.expression)).getProperty(key))) return true;
      return this.typeIsState(e) || this.isStateExpression(e.expression);
    }
    if (ts.isCallExpression(e)) {
      const arg = e.arguments[0];
      if (isModuleLoad(e) && arg !== undefined) return this.isStateSpecifier(arg);
      return this.typeIsState(e) || this.tokens.lookup(e) !== undefined;
    }
    if (ts.isNewExpression(e)) return this.isStateSymbol(this.checker.getSymbolAtLocation(e.expression)) || this.typeIsState(e);
    if (ts.isConditionalExpression(e)) return this.isStateExpression(e.whenTrue) || this.isStateExpression(e.whenFalse);
    if (ts.isBinaryExpression(e) && isValueChoice(e.operatorToken.kind)) return this.isStateExpression(e.left) || this.isStateExpression(e.right);
    return this.typeIsState(e);
  }

  /** Whether some property of an expression's type is state: a run-time key on it might reach that state. */
  mayHoldState(expr: ts.Expression): boolean {
    const e = skipOuter(expr);
    if (this.isGlobalObject(e)) return this.settings.globalNames.size > 0;
    const type = this.checker.getTypeAtLocation(e);
    if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return this.isStateExpression(e) || isLaunderedState(this, e);
    if (this.isStateExpression(e)) return true;
    return type.getProperties().slice(0, 256).some((p) => this.isStateSymbol(p));
  }

  isGlobalObject(expr: ts.Expression): boolean {
    const e = skipOuter(expr);
    return ts.isIdentifier(e) && GLOBAL_OBJECTS.has(e.text) && (this.checker.getSymbolAtLocation(e)?.declarations ?? [])
      .every((d) => d.getSourceFile().isDeclarationFile);
  }

  private typeIsState(e: ts.Expression): boolean {
    return this.isStateType(this.checker.getTypeAtLocation(e));
  }

  private isRootDefinition(decl: ts.Declaration): boolean {
    const file = decl.getSourceFile().fileName;
    const name = ts.getNameOfDeclaration(decl);
    const text = name !== undefined && ts.isIdentifier(name) ? name.text : undefined;
    if (text === undefined) return false;
    if (this.settings.namesInFile.get(file)?.has(text) === true) return true;
    return this.settings.symbolsAnywhere.has(text) && !file.includes('/node_modules/') && isNamedDefinition(decl);
  }

  private isStateDeclaration(decl: ts.Declaration, symbol: ts.Symbol): boolean {
    const file = decl.getSourceFile().fileName;
    if (isInStatePackage(this.settings, file) || this.settings.stateFiles.has(file)) return true;
    if (this.isRootDefinition(decl)) return true;
    // `export default <expression>` (often a wrapper's client): the default export is that value.
    if (ts.isExportAssignment(decl)) return this.isStateExpression(decl.expression) || this.typeIsState(decl.expression);
    if (ts.isClassLike(decl)) {
      const base = decl.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      return base !== undefined && this.isStateExpression(base);
    }
    if (ts.isVariableDeclaration(decl) || ts.isBindingElement(decl) || ts.isParameter(decl) || ts.isPropertyDeclaration(decl)
      || ts.isPropertyAssignment(decl) || ts.isPropertySignature(decl) || ts.isShorthandPropertyAssignment(decl)) {
      if (!this.isPlausible(decl)) return false;
      if (this.tokens.injected(decl) !== undefined) return true;
      const type = this.checker.getTypeOfSymbolAtLocation(symbol, decl);
      if (this.isStateType(type)) return true;
      // A string read out of state is data, not a handle on state: its later uses are not access.
      if ((type.flags & PRIMITIVE) !== 0) return false;
      const source = sourceOf(decl);
      return source !== undefined && this.isStateExpression(source);
    }
    return false;
  }
}

export { isModuleLoad } from './declarationSources.js';
