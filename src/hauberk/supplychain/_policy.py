"""What a pickle may import and call: the allowlist and the severity tiers, kept as data.

Every ``module.name`` a pickle stream resolves is judged by :func:`judge`; the interpreter in
:mod:`hauberk.supplychain._pickle` then raises the verdict by how the value is used. The tables
below are the whole policy; the interpreter holds none. Rules of the game:

* an exact ``module.name`` in :data:`ALLOWED` is a reconstructor that torch, NumPy,
  scikit-learn/joblib or the standard library legitimately emit; it is not reported. There are
  no patterns: a private alias (``_pyio``, ``numpy._core``, ``_operator``...) of an allowed
  name is not allowed unless it is listed too;
* a module (or a parent package) in :data:`CRITICAL_MODULES`, a name in
  :data:`CRITICAL_GLOBALS`, a name of :data:`PACKAGE_CRITICAL_NAMES` anywhere in its package,
  or a name in :data:`CRITICAL_NAMES` in any module is critical with the category given. The
  check also runs on every alias spelling of the module (:data:`MODULE_ALIASES`), so a private
  alias of a dangerous function is as dangerous as the function;
* :data:`HIGH_GLOBALS` are high;
* a dotted name (``module`` + ``a.b.c``, resolved attribute by attribute by protocol 4+) is
  safe only if listed whole; a component that names a dangerous module or attribute is
  critical, any other traversal is high;
* anything else is an unknown global: medium while it is only imported, high as soon as the
  stream calls it (``REDUCE``, ``NEWOBJ``, ``OBJ``, ``INST``, ``BUILD`` through its
  ``__setstate__``) or hands it to a callable that calls it (:data:`TRAMPOLINES`,
  :func:`invoked_severity`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from hauberk.core import Severity

# Category labels, used in findings.
SHELL = "shell or process execution"
CODE = "code evaluation"
IMPORTS = "imports"
ATTRIBUTE = "attribute lookup by string"
FILES = "file access"
NETWORK = "network access"
NATIVE = "native code"
DEBUG = "debugger or profiler"
INSTALL = "package installer"
BROWSER = "browser"
NESTED = "nested unpickler"
INTERNALS = "interpreter internals"
TORCHSCRIPT = "TorchScript class (no Python module: only TorchScript's unpickler resolves it)"

#: Module (or package prefix) -> category. Anything imported from these is critical.
CRITICAL_MODULES: dict[str, str] = {
    "os": SHELL,
    "posix": SHELL,
    "nt": SHELL,
    "subprocess": SHELL,
    "_posixsubprocess": SHELL,
    "pty": SHELL,
    "commands": SHELL,
    "popen2": SHELL,
    "platform": SHELL,
    "multiprocessing": SHELL,
    "concurrent": SHELL,
    "asyncio": SHELL,
    "signal": SHELL,
    "_thread": SHELL,
    "threading": SHELL,
    "sys": INTERNALS,
    "gc": INTERNALS,
    "types": CODE,
    "code": CODE,
    "codeop": CODE,
    "runpy": CODE,
    "importlib": IMPORTS,
    "imp": IMPORTS,
    "zipimport": IMPORTS,
    "pkgutil": IMPORTS,
    "inspect": ATTRIBUTE,
    "ctypes": NATIVE,
    "_ctypes": NATIVE,
    "cffi": NATIVE,
    "mmap": NATIVE,
    "socket": NETWORK,
    "_socket": NETWORK,
    "ssl": NETWORK,
    "http": NETWORK,
    "urllib": NETWORK,
    "urllib2": NETWORK,
    "httplib": NETWORK,
    "requests": NETWORK,
    "httpx": NETWORK,
    "aiohttp": NETWORK,
    "ftplib": NETWORK,
    "smtplib": NETWORK,
    "telnetlib": NETWORK,
    "xmlrpc": NETWORK,
    "socketserver": NETWORK,
    "shutil": FILES,
    "tempfile": FILES,
    "glob": FILES,
    "fileinput": FILES,
    "linecache": FILES,
    "zipfile": FILES,
    "tarfile": FILES,
    "webbrowser": BROWSER,
    "antigravity": BROWSER,
    "pip": INSTALL,
    "ensurepip": INSTALL,
    "setuptools": INSTALL,
    "distutils": INSTALL,
    "pdb": DEBUG,
    "bdb": DEBUG,
    "trace": DEBUG,
    "cProfile": DEBUG,
    "profile": DEBUG,
    "timeit": DEBUG,
    "pickle": NESTED,
    "_pickle": NESTED,
    "cPickle": NESTED,
    "pickletools": NESTED,
    "marshal": NESTED,
    "shelve": NESTED,
    "dill": NESTED,
    "cloudpickle": NESTED,
    "torch.hub": NETWORK,
    "torch.package": NESTED,
    "torch.jit": CODE,
    "torch._dynamo": CODE,
    "torch._inductor": CODE,
    "torch.utils.cpp_extension": NATIVE,
    "torch.ops": NATIVE,
    "torch._ops": NATIVE,
    "numpy.testing": SHELL,
    # pagers, mail and stream clients, doc and typing helpers that evaluate strings
    "pydoc": SHELL,
    "_osx_support": SHELL,
    "_aix_support": SHELL,
    "mailcap": SHELL,
    "imaplib": SHELL,
    "poplib": NETWORK,
    "nntplib": NETWORK,
    "smtpd": NETWORK,
    "asyncore": NETWORK,
    "asynchat": NETWORK,
    "wsgiref": NETWORK,
    "ipaddress": NETWORK,
    "doctest": CODE,
    "typing": CODE,
    "typing_extensions": CODE,
    "annotationlib": CODE,
    "logging.config": CODE,
    "logging.handlers": NETWORK,
    "idlelib": CODE,
    "lib2to3": CODE,
    "atexit": CODE,
    "compileall": CODE,
    "py_compile": CODE,
    "site": IMPORTS,
    "sitecustomize": IMPORTS,
    "usercustomize": IMPORTS,
    "modulefinder": IMPORTS,
    "_imp": IMPORTS,
    "_frozen_importlib": IMPORTS,
    "_frozen_importlib_external": IMPORTS,
    "_xxsubinterpreters": CODE,
    "_interpreters": CODE,
    "_winapi": SHELL,
    "msvcrt": NATIVE,
    "winreg": NATIVE,
    "_winreg": NATIVE,
    "fcntl": NATIVE,
    "resource": NATIVE,
    "termios": NATIVE,
    "tty": SHELL,
    "faulthandler": DEBUG,
    "tracemalloc": DEBUG,
    "sqlite3": FILES,
    "_sqlite3": FILES,
    "dbm": FILES,
    "mailbox": FILES,
    "zipapp": FILES,
    "venv": INSTALL,
    "tkinter": NATIVE,
    # torch's own reducers, loaders and environment tools
    "torch.multiprocessing": SHELL,
    "torch.utils.collect_env": SHELL,
    "torch.utils.data": SHELL,
    "torch.utils.benchmark": CODE,
    "torch.utils.model_zoo": NETWORK,
    "torch.utils.tensorboard": FILES,
    "torch.distributed": NETWORK,
    "torch.fx": CODE,
    "torch.export": CODE,
    "torch._export": CODE,
    "torch._functorch": CODE,
    "torch.compiler": CODE,
    "torch._C": NATIVE,
    "torch.testing": SHELL,
    "torch.onnx": FILES,
    "torch.backends": NATIVE,
    "torch.cuda": NATIVE,
    "numpy.distutils": INSTALL,
    "numpy.f2py": NATIVE,
}

#: Exact ``module.name`` -> category, for modules that are otherwise harmless.
CRITICAL_GLOBALS: dict[str, str] = {
    "builtins.eval": CODE,
    "builtins.exec": CODE,
    "builtins.compile": CODE,
    "builtins.execfile": CODE,
    "builtins.__import__": IMPORTS,
    "builtins.getattr": ATTRIBUTE,
    "builtins.setattr": ATTRIBUTE,
    "builtins.delattr": ATTRIBUTE,
    "builtins.globals": INTERNALS,
    "builtins.locals": INTERNALS,
    "builtins.vars": INTERNALS,
    "builtins.breakpoint": DEBUG,
    "builtins.open": FILES,
    "builtins.input": FILES,
    "builtins.help": DEBUG,
    "builtins.exit": SHELL,
    "builtins.quit": SHELL,
    "builtins.memoryview": NATIVE,
    "io.open": FILES,
    "io.open_code": FILES,
    "io.FileIO": FILES,
    "_io.open": FILES,
    "_io.open_code": FILES,
    "_io.FileIO": FILES,
    "codecs.open": FILES,
    "pathlib.Path.open": FILES,
    "operator.attrgetter": ATTRIBUTE,
    "operator.methodcaller": ATTRIBUTE,
    "_operator.attrgetter": ATTRIBUTE,
    "_operator.methodcaller": ATTRIBUTE,
    "functools.reduce": CODE,
    "_functools.reduce": CODE,
    "numpy.load": NESTED,
    "numpy.save": FILES,
    "numpy.savez": FILES,
    "numpy.savetxt": FILES,
    "numpy.loadtxt": FILES,
    "numpy.genfromtxt": FILES,
    "numpy.fromfile": FILES,
    "numpy.memmap": FILES,
    "numpy.ctypeslib": NATIVE,
    "torch.load": NESTED,
    "torch.save": FILES,
    "torch.serialization.load": NESTED,
    "torch.serialization._load": NESTED,
    "torch.storage._load_from_bytes": NESTED,
    "torch.from_file": FILES,
    "joblib.load": NESTED,
    "joblib.numpy_pickle.load": NESTED,
    "joblib.dump": FILES,
    "codecs.decode": CODE,
    "codecs.lookup": IMPORTS,
    "builtins.__build_class__": CODE,
    "operator.call": CODE,
    "functools.singledispatch": CODE,
    "weakref.finalize": CODE,
    "uuid._get_command_stdout": SHELL,
    "ctypes.util.find_library": SHELL,
    "logging.FileHandler": FILES,
    "logging.basicConfig": FILES,
    "torch.load_state_dict_from_url": NETWORK,
    # Resolve a module attribute by name; waived when the target is an allowed ufunc.
    "numpy.core._ufunc_reconstruct": ATTRIBUTE,
    "numpy._core._ufunc_reconstruct": ATTRIBUTE,
    "numpy.core.multiarray._ufunc_reconstruct": ATTRIBUTE,
}

#: Exact ``module.name`` -> reason, high but not critical.
HIGH_GLOBALS: dict[str, str] = {
    "joblib.numpy_pickle.NDArrayWrapper": "reads an array from a separate file named in the pickle",
    "joblib.numpy_pickle_compat.NDArrayWrapper": "reads a separate file named in the pickle",
    "joblib.numpy_pickle_compat.ZNDArrayWrapper": "reads a separate file named in the pickle",
    "builtins.type": "creates classes at load time",
    "builtins.classmethod": "wraps callables at load time",
    "builtins.staticmethod": "wraps callables at load time",
    "builtins.property": "wraps callables at load time",
    "builtins.super": "reaches parent classes at load time",
    "copyreg.add_extension": "changes the pickle extension registry",
    "copyreg.pickle": "changes the pickle dispatch table",
}

#: Attribute names that, anywhere in a dotted name, reach something dangerous.
DANGEROUS_ATTRS: frozenset[str] = frozenset(
    {
        "os",
        "sys",
        "subprocess",
        "builtins",
        "__builtins__",
        "__builtin__",
        "__globals__",
        "__subclasses__",
        "__import__",
        "__code__",
        "__class__",
        "__base__",
        "__bases__",
        "__mro__",
        "__dict__",
        "__getattribute__",
        "__loader__",
        "__spec__",
        "__reduce__",
        "__reduce_ex__",
        "__call__",
        "__init__",
        "__new__",
        "modules",
        "system",
        "popen",
        "spawn",
        "eval",
        "exec",
        "compile",
        "open",
        "getattr",
        "setattr",
        "import_module",
        "loads",
        "load",
        "pickle",
        "marshal",
        "importlib",
        "shutil",
        "socket",
        "ctypes",
        "runpy",
    }
)

#: Calls that turn strings into objects. The result is resolved and judged as a global too.
#: Value: how the arguments name the target.
RESOLVERS: dict[str, str] = {
    "builtins.getattr": "getattr",
    "builtins.__import__": "import",
    "importlib.import_module": "import",
    "importlib.__import__": "import",
    "pkgutil.resolve_name": "resolve_name",
    "operator.attrgetter": "attrgetter",
    "_operator.attrgetter": "attrgetter",
    "inspect.getattr_static": "getattr",
    "numpy.core._ufunc_reconstruct": "module_name",
    "numpy._core._ufunc_reconstruct": "module_name",
    "numpy.core.multiarray._ufunc_reconstruct": "module_name",
}

#: Calls that deserialise bytes given as an argument; the bytes are scanned as a pickle.
NESTED_LOADERS: frozenset[str] = frozenset(
    {
        "pickle.loads",
        "_pickle.loads",
        "cPickle.loads",
        "dill.loads",
        "cloudpickle.loads",
        "torch.storage._load_from_bytes",
        "pickle._loads",
    }
)

#: Exact reconstructors that torch, NumPy, scikit-learn/joblib and the standard library emit,
#: as ``module -> "name name ..."`` (names may be dotted qualnames). No patterns: a name that
#: is not written here is not allowed, even beside listed ones. Reviewed against the pickles of
#: torch 2.13, NumPy 2.4, scikit-learn 1.9 and CPython 3.11-3.13.
ALLOWED: dict[str, str] = {
    # standard library
    "builtins": (
        "set frozenset list dict tuple bytearray bytes complex slice range int float str bool "
        "object Ellipsis NotImplemented map filter"
    ),
    "copyreg": "_reconstructor __newobj__ __newobj_ex__",
    "_codecs": "encode",
    "codecs": "encode",
    "collections": "OrderedDict defaultdict deque Counter",
    "datetime": "datetime date time timedelta timezone",
    "zoneinfo": "ZoneInfo ZoneInfo._unpickle",
    "types": "SimpleNamespace",
    "decimal": "Decimal",
    "fractions": "Fraction",
    "uuid": "UUID",
    "re": "_compile",
    "argparse": "Namespace",
    "pathlib": "PosixPath WindowsPath PurePosixPath PureWindowsPath Path",
    # trampolines: allowed only for what they are handed (see TRAMPOLINES)
    "functools": "partial",
    "_functools": "partial",
    "itertools": "starmap",
    # torch
    "torch": (
        "device Size dtype per_tensor_affine per_channel_affine strided sparse_coo sparse_csr "
        "contiguous_format channels_last preserve_format "
        "BFloat16Storage BoolStorage ByteStorage CharStorage ComplexDoubleStorage "
        "ComplexFloatStorage DoubleStorage FloatStorage HalfStorage IntStorage LongStorage "
        "QInt32Storage QInt8Storage QUInt2x4Storage QUInt4x2Storage QUInt8Storage ShortStorage "
        "UntypedStorage TypedStorage "
        "bfloat16 bool cdouble cfloat chalf complex128 complex32 complex64 double float "
        "float16 float32 float64 float8_e4m3fn float8_e4m3fnuz float8_e5m2 float8_e5m2fnuz "
        "float8_e8m0fnu half int int16 int32 int64 int8 long qint32 qint8 quint2x4 quint4x2 "
        "quint8 short uint16 uint32 uint64 uint8"
    ),
    "torch._utils": (
        "_rebuild_tensor _rebuild_tensor_v2 _rebuild_tensor_v3 _rebuild_parameter "
        "_rebuild_parameter_with_state _rebuild_sparse_tensor _rebuild_nested_tensor "
        "_rebuild_qtensor _rebuild_device_tensor_from_numpy "
        "_rebuild_device_tensor_from_cpu_tensor _rebuild_meta_tensor_no_storage "
        "_rebuild_wrapper_subclass"
    ),
    "torch._tensor": "_rebuild_from_type_v2",
    "torch.serialization": "_get_layout",
    "torch.storage": "UntypedStorage TypedStorage",
    "torch.nn.parameter": "Parameter Buffer UninitializedParameter",
    "torch.utils.hooks": "_remove_from",
    # identity functions (TorchScript's type tags when a Python unpickler reads them)
    "torch.jit._pickle": (
        "build_intlist build_tensorlist build_doublelist build_boollist build_tensor_from_id "
        "restore_type_tag"
    ),
    # NumPy
    "numpy": (
        "ndarray dtype matrix "
        # scalar types
        "bool bool_ byte bytes_ cdouble clongdouble complex128 complex256 complex64 csingle "
        "datetime64 double float128 float16 float32 float64 half int16 int32 int64 int8 int_ "
        "intc intp long longdouble longlong object_ short single str_ timedelta64 ubyte uint "
        "uint16 uint32 uint64 uint8 uintc uintp ulong ulonglong ushort void generic number "
        # ufuncs (numpy.core._ufunc_reconstruct targets; calling one computes arithmetic)
        "absolute add arccos arccosh arcsin arcsinh arctan arctan2 arctanh bitwise_and "
        "bitwise_or bitwise_xor cbrt ceil conjugate copysign cos cosh deg2rad degrees divide "
        "divmod equal exp exp2 expm1 fabs float_power floor floor_divide fmax fmin fmod frexp "
        "gcd greater greater_equal heaviside hypot invert isfinite isinf isnan isnat lcm ldexp "
        "left_shift less less_equal log log10 log1p log2 logaddexp logaddexp2 logical_and "
        "logical_not logical_or logical_xor matmul maximum minimum mod modf multiply negative "
        "nextafter not_equal positive power rad2deg radians reciprocal remainder right_shift "
        "rint sign signbit sin sinh spacing sqrt square subtract tan tanh true_divide trunc"
    ),
    "numpy.dtypes": (
        "BoolDType ByteDType BytesDType CLongDoubleDType Complex128DType Complex64DType "
        "DateTime64DType Float16DType Float32DType Float64DType Int16DType Int32DType "
        "Int64DType Int8DType IntDType LongDType LongDoubleDType LongLongDType ObjectDType "
        "ShortDType StrDType StringDType TimeDelta64DType UByteDType UInt16DType UInt32DType "
        "UInt64DType UInt8DType UIntDType ULongDType ULongLongDType UShortDType VoidDType"
    ),
    "numpy.core.multiarray": "_reconstruct scalar",
    "numpy._core.multiarray": "_reconstruct scalar",
    "numpy.core.numeric": "_frombuffer",
    "numpy._core.numeric": "_frombuffer",
    "numpy.random._pickle": "__randomstate_ctor __bit_generator_ctor __generator_ctor",
    "numpy.random.mtrand": "RandomState",
    "numpy.random._generator": "Generator",
    "numpy.random._mt19937": "MT19937",
    "numpy.random._pcg64": "PCG64 PCG64DXSM",
    "numpy.random._philox": "Philox",
    "numpy.random._sfc64": "SFC64",
    "numpy.random.bit_generator": "SeedSequence __pyx_unpickle_SeedSequence",
    "numpy.ma.core": "_mareconstruct MaskedArray",
    # joblib
    "joblib.numpy_pickle": "NumpyArrayWrapper",
    # SciPy sparse matrices inside estimators
    "scipy.sparse._csr": "csr_matrix csr_array",
    "scipy.sparse._csc": "csc_matrix csc_array",
    "scipy.sparse._coo": "coo_matrix coo_array",
    "scipy.sparse._bsr": "bsr_matrix bsr_array",
    "scipy.sparse._dia": "dia_matrix dia_array",
    "scipy.sparse._dok": "dok_matrix dok_array",
    "scipy.sparse._lil": "lil_matrix lil_array",
    # pandas 3.1 frames, series, indexes, categoricals, time zones, periods, intervals,
    # nullable and Arrow-backed string arrays (the reconstructors pickle writes for them)
    "pandas": (
        "DataFrame Series Index RangeIndex MultiIndex IntervalIndex DatetimeIndex "
        "TimedeltaIndex PeriodIndex CategoricalIndex Categorical CategoricalDtype "
        "DatetimeTZDtype PeriodDtype IntervalDtype Int8Dtype Int16Dtype Int32Dtype Int64Dtype "
        "UInt8Dtype UInt16Dtype UInt32Dtype UInt64Dtype Float32Dtype Float64Dtype BooleanDtype "
        "StringDtype NA NaT"
    ),
    "pandas.arrays": (
        "ArrowStringArray DatetimeArray TimedeltaArray PeriodArray IntervalArray IntegerArray "
        "FloatingArray BooleanArray StringArray NumpyExtensionArray"
    ),
    "pandas._libs.arrays": "__pyx_unpickle_NDArrayBacked",
    "pandas._libs.internals": "_unpickle_block",
    "pandas._libs.tslibs.timestamps": "_unpickle_timestamp",
    "pandas._libs.tslibs.timedeltas": "_timedelta_unpickle",
    "pandas.core.indexes.base": "_new_Index",
    "pandas.core.indexes.interval": "_new_IntervalIndex",
    "pandas.core.internals.managers": "BlockManager SingleBlockManager",
    "pyarrow.lib": "_restore_array py_buffer type_for_alias",
    # scikit-learn estimators (sklearn.utils.all_estimators) and the Cython state objects and
    # helpers their pickles hold; torch.nn module classes saved with whole models.
    "sklearn._loss._loss": (
        "CyAbsoluteError CyExponentialLoss CyHalfBinomialLoss CyHalfGammaLoss "
        "CyHalfMultinomialLoss CyHalfPoissonLoss CyHalfSquaredError CyHalfTweedieLoss "
        "CyHalfTweedieLossIdentity CyHuberLoss CyLossFunction CyPinballLoss "
        "__pyx_unpickle_CyHalfMultinomialLoss"
    ),
    "sklearn._loss.link": (
        "BaseLink HalfLogitLink IdentityLink Interval LogLink LogitLink MultinomialLogit"
    ),
    "sklearn._loss.loss": (
        "AbsoluteError ArrayAPILossMixin BaseLoss ExponentialLoss HalfBinomialLoss "
        "HalfBinomialLossArrayAPI HalfGammaLoss HalfMultinomialLoss "
        "HalfMultinomialLossArrayAPI HalfPoissonLoss HalfPoissonLossArrayAPI HalfSquaredError "
        "HalfTweedieLoss HalfTweedieLossIdentity HuberLoss PinballLoss"
    ),
    "sklearn.calibration": "CalibratedClassifierCV",
    "sklearn.cluster._affinity_propagation": "AffinityPropagation",
    "sklearn.cluster._agglomerative": "AgglomerativeClustering FeatureAgglomeration",
    "sklearn.cluster._bicluster": "SpectralBiclustering SpectralCoclustering",
    "sklearn.cluster._birch": "Birch",
    "sklearn.cluster._bisect_k_means": "BisectingKMeans",
    "sklearn.cluster._dbscan": "DBSCAN",
    "sklearn.cluster._hdbscan.hdbscan": "HDBSCAN",
    "sklearn.cluster._kmeans": "KMeans MiniBatchKMeans",
    "sklearn.cluster._mean_shift": "MeanShift",
    "sklearn.cluster._optics": "OPTICS",
    "sklearn.cluster._spectral": "SpectralClustering",
    "sklearn.compose._column_transformer": "ColumnTransformer",
    "sklearn.compose._target": "TransformedTargetRegressor",
    "sklearn.covariance._elliptic_envelope": "EllipticEnvelope",
    "sklearn.covariance._empirical_covariance": "EmpiricalCovariance",
    "sklearn.covariance._graph_lasso": "GraphicalLasso GraphicalLassoCV",
    "sklearn.covariance._robust_covariance": "MinCovDet",
    "sklearn.covariance._shrunk_covariance": "LedoitWolf OAS ShrunkCovariance",
    "sklearn.cross_decomposition._pls": "CCA PLSCanonical PLSRegression PLSSVD",
    "sklearn.decomposition._dict_learning": (
        "DictionaryLearning MiniBatchDictionaryLearning SparseCoder"
    ),
    "sklearn.decomposition._factor_analysis": "FactorAnalysis",
    "sklearn.decomposition._fastica": "FastICA",
    "sklearn.decomposition._incremental_pca": "IncrementalPCA",
    "sklearn.decomposition._kernel_pca": "KernelPCA",
    "sklearn.decomposition._lda": "LatentDirichletAllocation",
    "sklearn.decomposition._nmf": "MiniBatchNMF NMF",
    "sklearn.decomposition._pca": "PCA",
    "sklearn.decomposition._sparse_pca": "MiniBatchSparsePCA SparsePCA",
    "sklearn.decomposition._truncated_svd": "TruncatedSVD",
    "sklearn.discriminant_analysis": "LinearDiscriminantAnalysis QuadraticDiscriminantAnalysis",
    "sklearn.dummy": "DummyClassifier DummyRegressor",
    "sklearn.ensemble._bagging": "BaggingClassifier BaggingRegressor",
    "sklearn.ensemble._forest": (
        "ExtraTreesClassifier ExtraTreesRegressor RandomForestClassifier "
        "RandomForestRegressor RandomTreesEmbedding"
    ),
    "sklearn.ensemble._gb": (
        "BaseGradientBoosting GradientBoostingClassifier GradientBoostingRegressor VerboseReporter"
    ),
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting": (
        "HistGradientBoostingClassifier HistGradientBoostingRegressor"
    ),
    "sklearn.ensemble._hist_gradient_boosting.predictor": "TreePredictor",
    "sklearn.ensemble._iforest": "IsolationForest",
    "sklearn.ensemble._stacking": "StackingClassifier StackingRegressor",
    "sklearn.ensemble._voting": "VotingClassifier VotingRegressor",
    "sklearn.ensemble._weight_boosting": "AdaBoostClassifier AdaBoostRegressor",
    "sklearn.feature_extraction._dict_vectorizer": "DictVectorizer",
    "sklearn.feature_extraction._hash": "FeatureHasher",
    "sklearn.feature_extraction.image": "PatchExtractor",
    "sklearn.feature_extraction.text": (
        "CountVectorizer HashingVectorizer TfidfTransformer TfidfVectorizer"
    ),
    "sklearn.feature_selection._from_model": "SelectFromModel",
    "sklearn.feature_selection._rfe": "RFE RFECV",
    "sklearn.feature_selection._sequential": "SequentialFeatureSelector",
    "sklearn.feature_selection._univariate_selection": (
        "GenericUnivariateSelect SelectFdr SelectFpr SelectFwe SelectKBest SelectPercentile"
    ),
    "sklearn.feature_selection._variance_threshold": "VarianceThreshold",
    "sklearn.frozen._frozen": "FrozenEstimator",
    "sklearn.gaussian_process._gpc": "GaussianProcessClassifier",
    "sklearn.gaussian_process._gpr": "GaussianProcessRegressor",
    "sklearn.impute._base": "MissingIndicator SimpleImputer",
    "sklearn.impute._knn": "KNNImputer",
    "sklearn.isotonic": "IsotonicRegression",
    "sklearn.kernel_approximation": (
        "AdditiveChi2Sampler Nystroem PolynomialCountSketch RBFSampler SkewedChi2Sampler"
    ),
    "sklearn.kernel_ridge": "KernelRidge",
    "sklearn.linear_model._base": "LinearRegression",
    "sklearn.linear_model._bayes": "ARDRegression BayesianRidge",
    "sklearn.linear_model._coordinate_descent": (
        "ElasticNet ElasticNetCV Lasso LassoCV MultiTaskElasticNet MultiTaskElasticNetCV "
        "MultiTaskLasso MultiTaskLassoCV"
    ),
    "sklearn.linear_model._glm.glm": "GammaRegressor PoissonRegressor TweedieRegressor",
    "sklearn.linear_model._huber": "HuberRegressor",
    "sklearn.linear_model._least_angle": "Lars LarsCV LassoLars LassoLarsCV LassoLarsIC",
    "sklearn.linear_model._logistic": "LogisticRegression LogisticRegressionCV",
    "sklearn.linear_model._omp": "OrthogonalMatchingPursuit OrthogonalMatchingPursuitCV",
    "sklearn.linear_model._passive_aggressive": (
        "PassiveAggressiveClassifier PassiveAggressiveRegressor"
    ),
    "sklearn.linear_model._perceptron": "Perceptron",
    "sklearn.linear_model._quantile": "QuantileRegressor",
    "sklearn.linear_model._ransac": "RANSACRegressor",
    "sklearn.linear_model._ridge": "Ridge RidgeCV RidgeClassifier RidgeClassifierCV",
    "sklearn.linear_model._sgd_fast": (
        "Classification EpsilonInsensitive Hinge ModifiedHuber Regression "
        "SquaredEpsilonInsensitive SquaredHinge __pyx_unpickle_Classification "
        "__pyx_unpickle_Regression"
    ),
    "sklearn.linear_model._stochastic_gradient": "SGDClassifier SGDOneClassSVM SGDRegressor",
    "sklearn.linear_model._theil_sen": "TheilSenRegressor",
    "sklearn.manifold._classical_mds": "ClassicalMDS",
    "sklearn.manifold._isomap": "Isomap",
    "sklearn.manifold._locally_linear": "LocallyLinearEmbedding",
    "sklearn.manifold._mds": "MDS",
    "sklearn.manifold._spectral_embedding": "SpectralEmbedding",
    "sklearn.manifold._t_sne": "TSNE",
    "sklearn.metrics._dist_metrics": (
        "BrayCurtisDistance32 BrayCurtisDistance64 CanberraDistance32 CanberraDistance64 "
        "ChebyshevDistance32 ChebyshevDistance64 DiceDistance32 DiceDistance64 DistanceMetric "
        "DistanceMetric32 DistanceMetric64 EuclideanDistance32 EuclideanDistance64 "
        "HammingDistance32 HammingDistance64 HaversineDistance32 HaversineDistance64 "
        "JaccardDistance32 JaccardDistance64 KulsinskiDistance32 KulsinskiDistance64 "
        "MahalanobisDistance32 MahalanobisDistance64 ManhattanDistance32 ManhattanDistance64 "
        "MatchingDistance32 MatchingDistance64 MinkowskiDistance32 MinkowskiDistance64 "
        "PyFuncDistance32 PyFuncDistance64 RogersTanimotoDistance32 RogersTanimotoDistance64 "
        "RussellRaoDistance32 RussellRaoDistance64 SEuclideanDistance32 SEuclideanDistance64 "
        "SokalMichenerDistance32 SokalMichenerDistance64 SokalSneathDistance32 "
        "SokalSneathDistance64 __pyx_unpickle_DistanceMetric newObj"
    ),
    "sklearn.mixture._bayesian_mixture": "BayesianGaussianMixture",
    "sklearn.mixture._gaussian_mixture": "GaussianMixture",
    "sklearn.model_selection._classification_threshold": (
        "FixedThresholdClassifier TunedThresholdClassifierCV"
    ),
    "sklearn.model_selection._search": "GridSearchCV RandomizedSearchCV",
    "sklearn.multiclass": "OneVsOneClassifier OneVsRestClassifier OutputCodeClassifier",
    "sklearn.multioutput": (
        "ClassifierChain MultiOutputClassifier MultiOutputRegressor RegressorChain"
    ),
    "sklearn.naive_bayes": "BernoulliNB CategoricalNB ComplementNB GaussianNB MultinomialNB",
    "sklearn.neighbors._ball_tree": (
        "BallTree BallTree32 BallTree64 BinaryTree32 BinaryTree64 NeighborsHeap32 "
        "NeighborsHeap64 NodeHeap newObj"
    ),
    "sklearn.neighbors._classification": "KNeighborsClassifier RadiusNeighborsClassifier",
    "sklearn.neighbors._graph": "KNeighborsTransformer RadiusNeighborsTransformer",
    "sklearn.neighbors._kd_tree": (
        "BinaryTree32 BinaryTree64 KDTree KDTree32 KDTree64 NeighborsHeap32 NeighborsHeap64 "
        "NodeHeap newObj"
    ),
    "sklearn.neighbors._kde": "KernelDensity",
    "sklearn.neighbors._lof": "LocalOutlierFactor",
    "sklearn.neighbors._nca": "NeighborhoodComponentsAnalysis",
    "sklearn.neighbors._nearest_centroid": "NearestCentroid",
    "sklearn.neighbors._regression": "KNeighborsRegressor RadiusNeighborsRegressor",
    "sklearn.neighbors._unsupervised": "NearestNeighbors",
    "sklearn.neural_network._multilayer_perceptron": "MLPClassifier MLPRegressor",
    "sklearn.neural_network._rbm": "BernoulliRBM",
    "sklearn.neural_network._stochastic_optimizers": "AdamOptimizer BaseOptimizer SGDOptimizer",
    "sklearn.pipeline": "FeatureUnion Pipeline",
    "sklearn.preprocessing._data": (
        "Binarizer KernelCenterer MaxAbsScaler MinMaxScaler Normalizer PowerTransformer "
        "QuantileTransformer RobustScaler StandardScaler"
    ),
    "sklearn.preprocessing._discretization": "KBinsDiscretizer",
    "sklearn.preprocessing._encoders": "OneHotEncoder OrdinalEncoder",
    "sklearn.preprocessing._function_transformer": "FunctionTransformer",
    "sklearn.preprocessing._label": "LabelBinarizer LabelEncoder MultiLabelBinarizer",
    "sklearn.preprocessing._polynomial": "PolynomialFeatures SplineTransformer",
    "sklearn.preprocessing._target_encoder": "TargetEncoder",
    "sklearn.random_projection": "GaussianRandomProjection SparseRandomProjection",
    "sklearn.semi_supervised._label_propagation": "LabelPropagation LabelSpreading",
    "sklearn.semi_supervised._self_training": "SelfTrainingClassifier",
    "sklearn.svm._classes": "LinearSVC LinearSVR NuSVC NuSVR OneClassSVM SVC SVR",
    "sklearn.tree._classes": (
        "DecisionTreeClassifier DecisionTreeRegressor ExtraTreeClassifier ExtraTreeRegressor"
    ),
    "sklearn.tree._criterion": (
        "ClassificationCriterion Criterion Entropy Gini MAE MSE Poisson RegressionCriterion "
        "__pyx_unpickle_Criterion"
    ),
    "sklearn.tree._splitter": (
        "BestSparseSplitter BestSplitter RandomSparseSplitter RandomSplitter Splitter"
    ),
    "sklearn.tree._tree": (
        "BestFirstTreeBuilder DepthFirstTreeBuilder Tree TreeBuilder "
        "__pyx_unpickle_TreeBuilder __pyx_unpickle__CCPPruneController"
    ),
    "sklearn.utils._bunch": "Bunch",
    "torch.nn.modules.activation": (
        "CELU ELU GELU GLU Hardshrink Hardsigmoid Hardswish Hardtanh LeakyReLU LogSigmoid "
        "LogSoftmax Mish MultiheadAttention PReLU RReLU ReLU ReLU6 SELU SiLU Sigmoid Softmax "
        "Softmax2d Softmin Softplus Softshrink Softsign Tanh Tanhshrink Threshold"
    ),
    "torch.nn.modules.adaptive": "AdaptiveLogSoftmaxWithLoss",
    "torch.nn.modules.batchnorm": (
        "BatchNorm1d BatchNorm2d BatchNorm3d LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d "
        "SyncBatchNorm"
    ),
    "torch.nn.modules.channelshuffle": "ChannelShuffle",
    "torch.nn.modules.container": (
        "Container ModuleDict ModuleList ParameterDict ParameterList Sequential"
    ),
    "torch.nn.modules.conv": (
        "Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d ConvTranspose3d LazyConv1d "
        "LazyConv2d LazyConv3d LazyConvTranspose1d LazyConvTranspose2d LazyConvTranspose3d"
    ),
    "torch.nn.modules.distance": "CosineSimilarity PairwiseDistance",
    "torch.nn.modules.dropout": (
        "AlphaDropout Dropout Dropout1d Dropout2d Dropout3d FeatureAlphaDropout"
    ),
    "torch.nn.modules.flatten": "Flatten Unflatten",
    "torch.nn.modules.fold": "Fold Unfold",
    "torch.nn.modules.instancenorm": (
        "InstanceNorm1d InstanceNorm2d InstanceNorm3d LazyInstanceNorm1d LazyInstanceNorm2d "
        "LazyInstanceNorm3d"
    ),
    "torch.nn.modules.linear": (
        "Bilinear Identity LazyLinear Linear NonDynamicallyQuantizableLinear"
    ),
    "torch.nn.modules.loss": (
        "BCELoss BCEWithLogitsLoss CTCLoss CosineEmbeddingLoss CrossEntropyLoss "
        "GaussianNLLLoss HingeEmbeddingLoss HuberLoss KLDivLoss L1Loss LinearCrossEntropyLoss "
        "MSELoss MarginRankingLoss MultiLabelMarginLoss MultiLabelSoftMarginLoss "
        "MultiMarginLoss NLLLoss NLLLoss2d PoissonNLLLoss SmoothL1Loss SoftMarginLoss "
        "TripletMarginLoss TripletMarginWithDistanceLoss"
    ),
    "torch.nn.modules.module": "Module",
    "torch.nn.modules.normalization": (
        "CrossMapLRN2d GroupNorm LayerNorm LocalResponseNorm RMSNorm"
    ),
    "torch.nn.modules.padding": (
        "CircularPad1d CircularPad2d CircularPad3d ConstantPad1d ConstantPad2d ConstantPad3d "
        "ReflectionPad1d ReflectionPad2d ReflectionPad3d ReplicationPad1d ReplicationPad2d "
        "ReplicationPad3d ZeroPad1d ZeroPad2d ZeroPad3d"
    ),
    "torch.nn.modules.pixelshuffle": "PixelShuffle PixelUnshuffle",
    "torch.nn.modules.pooling": (
        "AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool1d "
        "AdaptiveMaxPool2d AdaptiveMaxPool3d AvgPool1d AvgPool2d AvgPool3d "
        "FractionalMaxPool2d FractionalMaxPool3d LPPool1d LPPool2d LPPool3d MaxPool1d "
        "MaxPool2d MaxPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d"
    ),
    "torch.nn.modules.rnn": "GRU GRUCell LSTM LSTMCell RNN RNNBase RNNCell RNNCellBase",
    "torch.nn.modules.sparse": "Embedding EmbeddingBag",
    "torch.nn.modules.transformer": (
        "Transformer TransformerDecoder TransformerDecoderLayer TransformerEncoder "
        "TransformerEncoderLayer"
    ),
    "torch.nn.modules.upsampling": "Upsample UpsamplingBilinear2d UpsamplingNearest2d",
}

#: Allowed callables that call what they are handed (directly, or when a consumer drains the
#: lazy iterator they return): judged by the callables that flow into them.
TRAMPOLINES: frozenset[str] = frozenset(
    {
        "functools.partial",
        "_functools.partial",
        "itertools.starmap",
        "builtins.map",
        "builtins.filter",
        "copyreg._reconstructor",
        "copyreg.__newobj__",
        "copyreg.__newobj_ex__",
        "torch._tensor._rebuild_from_type_v2",
        "torch._utils._rebuild_wrapper_subclass",
        "numpy.core.multiarray._reconstruct",
        "numpy._core.multiarray._reconstruct",
        "numpy.random._pickle.__generator_ctor",
        "numpy.random._pickle.__randomstate_ctor",
        "numpy.random._pickle.__bit_generator_ctor",
        "numpy.random.bit_generator.__pyx_unpickle_SeedSequence",
        "pandas.core.indexes.base._new_Index",
        "pandas.core.indexes.interval._new_IntervalIndex",
        "pandas._libs.arrays.__pyx_unpickle_NDArrayBacked",
        "sklearn.neighbors._ball_tree.newObj",
        "sklearn.neighbors._kd_tree.newObj",
        "sklearn.metrics._dist_metrics.newObj",
    }
)

#: Trampolines whose result calls later what they were handed (a partial, a lazy iterator that
#: ``list``/``tuple``/``sorted``/``dict`` drain): what flows into them flows on.
LAZY_TRAMPOLINES: frozenset[str] = frozenset(
    {
        "functools.partial",
        "_functools.partial",
        "itertools.starmap",
        "builtins.map",
        "builtins.filter",
    }
)

#: Codecs ``codecs.encode`` may name (what pickle emits for bytes under protocols 0-2). Any
#: other codec computes strings at load time (``rot13`` spells module names) or imports an
#: ``encodings`` submodule.
ENCODINGS: frozenset[str] = frozenset({"latin1", "latin-1", "latin_1", "iso-8859-1"})


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Names that are dangerous anywhere in the package (re-exports and private implementation
#: modules included: ``numpy.lib._npyio_impl.load`` is ``numpy.load``).
PACKAGE_CRITICAL_NAMES: dict[str, dict[str, str]] = {
    "numpy": {
        **dict.fromkeys(_words("load fromregex genfromtxt loadtxt recfromcsv"), NESTED),
        **dict.fromkeys(
            _words(
                "save savez savez_compressed savetxt fromfile tofile memmap open_memmap "
                "DataSource _datasource"
            ),
            FILES,
        ),
        **dict.fromkeys(_words("load_library ctypeslib f2py"), NATIVE),
    },
    "torch": {
        **dict.fromkeys(_words("load _load _legacy_load _load_from_bytes jit"), NESTED),
        **dict.fromkeys(_words("save from_file _save _legacy_save"), FILES),
        **dict.fromkeys(_words("load_state_dict_from_url download_url_to_file hub"), NETWORK),
        **dict.fromkeys(_words("load_library load_inline cpp_extension"), NATIVE),
    },
    "joblib": {
        **dict.fromkeys(_words("load _unpickle"), NESTED),
        **dict.fromkeys(_words("dump Memory"), FILES),
        **dict.fromkeys(_words("Parallel delayed"), SHELL),
    },
    "pandas": {
        **dict.fromkeys(_words("read_pickle read_csv read_sql read_parquet"), NESTED),
        **dict.fromkeys(_words("to_pickle eval DataFrame.eval DataFrame.query"), CODE),
    },
    "sklearn": dict.fromkeys(_words("fetch_openml load_svmlight_file TempMemmap"), FILES),
}

#: Names that run commands or code whatever module exports them (``os.system`` re-exported
#: by ``numpy.testing._private.utils``, ``uuid._get_command_stdout``...).
CRITICAL_NAMES: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "system popen Popen getoutput getstatusoutput check_output check_call "
            "_get_command_stdout _syscmd_file _read_output startfile spawnl spawnle spawnlp "
            "spawnv spawnve spawnvp execl execle execlp execv execve execvp execvpe "
            "posix_spawn fork forkpty pipepager tempfilepager create_subprocess_shell "
            "create_subprocess_exec"
        ),
        SHELL,
    ),
    **dict.fromkeys(
        _words(
            "eval exec execfile run_path run_module run_code runsource runcode _eval_type "
            "get_type_hints debug_script run_docstring_examples dictConfig fileConfig"
        ),
        CODE,
    ),
    **dict.fromkeys(_words("__import__ import_module reload"), IMPORTS),
}

#: Spellings of one module: private C or pure-Python twins and renamed packages. A dangerous
#: verdict for any spelling holds for all of them; the allowlist is never widened this way.
MODULE_ALIASES: dict[str, str] = {
    "_pyio": "io",
    "_io": "io",
    "_operator": "operator",
    "_functools": "functools",
    "_collections": "collections",
    "_collections_abc": "collections.abc",
    "_codecs": "codecs",
    "_pickle": "pickle",
    "cPickle": "pickle",
    "_compat_pickle": "pickle",
    "posix": "os",
    "nt": "os",
    "posixpath": "os.path",
    "ntpath": "os.path",
    "_posixsubprocess": "subprocess",
    "_socket": "socket",
    "_ssl": "ssl",
    "_thread": "threading",
    "_ctypes": "ctypes",
    "_sqlite3": "sqlite3",
    "_imp": "importlib",
    "_frozen_importlib": "importlib",
    "_frozen_importlib_external": "importlib",
    "_datetime": "datetime",
    "_pydatetime": "datetime",
    "_weakref": "weakref",
    "_signal": "signal",
    "_warnings": "warnings",
    "_tracemalloc": "tracemalloc",
    "_locale": "locale",
    "_sre": "re",
    "numpy._core": "numpy.core",
    "numpy.lib._npyio_impl": "numpy.lib.npyio",
    "torch._tensor": "torch.tensor",
}

#: Module spellings the unpickler itself maps for protocols below 3 (a subset of
#: _compat_pickle): these are the same module, so the allowlist applies to them.
_ALIASES = {"__builtin__": "builtins", "copy_reg": "copyreg", "exceptions": "builtins"}

SAFE_GLOBALS: frozenset[str] = frozenset(
    f"{module}.{name}" for module, names in ALLOWED.items() for name in names.split()
)


@dataclass(frozen=True)
class Verdict:
    """The policy's judgement of one ``module.name``: ``severity`` ``None`` means allowed."""

    qualname: str
    severity: Severity | None
    category: str

    @property
    def allowed(self) -> bool:
        return self.severity is None


def _spellings(module: str) -> list[str]:
    """``module`` and every alias spelling of it (prefix-wise, both directions)."""
    out = [module]
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        head, tail = ".".join(parts[:i]), parts[i:]
        for alias, canon in MODULE_ALIASES.items():
            for src, dst in ((alias, canon), (canon, alias)):
                if head == src:
                    spelled = ".".join([dst, *tail])
                    if spelled not in out:
                        out.append(spelled)
    return out


def _module_category(module: str) -> str | None:
    for spelled in _spellings(module):
        parts = spelled.split(".")
        for i in range(len(parts), 0, -1):
            hit = CRITICAL_MODULES.get(".".join(parts[:i]))
            if hit is not None:
                return hit
    return None


def _critical_name(module: str, name: str) -> str | None:
    """The category of a dangerous ``module.name`` under any spelling of ``module``."""
    last = name.rsplit(".", 1)[-1]
    for spelled in _spellings(module):
        exact = CRITICAL_GLOBALS.get(f"{spelled}.{name}")
        if exact is not None:
            return exact
        package = spelled.split(".", 1)[0]
        names = PACKAGE_CRITICAL_NAMES.get(package)
        if names is not None:
            hit = names.get(name) or names.get(last)
            if hit is not None:
                return hit
    return CRITICAL_NAMES.get(last)


@lru_cache(maxsize=4096)
def judge(module: str, name: str) -> Verdict:
    """Judge the global ``module``.``name`` (``name`` may be dotted) against the policy."""
    module = _ALIASES.get(module, module)
    qualname = f"{module}.{name}"
    if qualname in SAFE_GLOBALS:
        return Verdict(qualname, None, "allowed")
    if module.split(".", 1)[0] == "__torch__":
        # TorchScript classes compiled from an archive's code/ folder. A Python unpickler
        # cannot import them (the load stops there), so they never run Python: medium,
        # called or not. The TorchScript handler judges the code itself.
        return Verdict(qualname, Severity.MEDIUM, TORCHSCRIPT)
    exact = _critical_name(module, name)
    if exact is not None:
        return Verdict(qualname, Severity.CRITICAL, exact)
    category = _module_category(module)
    if category is not None:
        return Verdict(qualname, Severity.CRITICAL, category)
    parts = name.split(".")
    if len(parts) > 1:
        # Dotted names are walked attribute by attribute: judge every prefix as a global and
        # every component as an attribute name.
        for i in range(1, len(parts)):
            inner = judge(module, ".".join(parts[:i]))
            if inner.severity is Severity.CRITICAL:
                return Verdict(qualname, Severity.CRITICAL, inner.category)
            sub = _module_category(".".join(parts[i:]))
            if sub is not None:
                return Verdict(qualname, Severity.CRITICAL, sub)
        for part in parts:
            if part in DANGEROUS_ATTRS or part.startswith("__"):
                return Verdict(qualname, Severity.CRITICAL, ATTRIBUTE)
        return Verdict(qualname, Severity.HIGH, "attribute traversal through a dotted name")
    if name in DANGEROUS_ATTRS and name.startswith("__"):
        return Verdict(qualname, Severity.CRITICAL, ATTRIBUTE)
    for spelled in _spellings(module):
        high = HIGH_GLOBALS.get(f"{spelled}.{name}")
        if high is not None:
            return Verdict(qualname, Severity.HIGH, high)
    return Verdict(qualname, Severity.MEDIUM, "unknown global")


def invoked_severity(verdict: Verdict) -> Severity | None:
    """The severity of a global the stream calls (or hands to a caller): unknown is high."""
    if verdict.severity is Severity.MEDIUM and verdict.category != TORCHSCRIPT:
        return Severity.HIGH
    return verdict.severity


#: Allowed callables with an argument rule in :func:`check_args`.
ARGUMENT_CHECKED: frozenset[str] = frozenset(
    {
        "_codecs.encode",
        "codecs.encode",
        "zoneinfo.ZoneInfo._unpickle",
        "zoneinfo.ZoneInfo",
        "types.SimpleNamespace",
    }
)


def check_args(qualname: str, args: object) -> str:
    """Why the constant arguments of an allowed call are not what its reviewers allowed.

    Empty when they are fine (or the callable has no argument rule).
    """
    argv = args if isinstance(args, tuple) else ()
    if qualname in ("_codecs.encode", "codecs.encode"):
        if len(argv) == 1 and isinstance(argv[0], str):
            return ""  # utf-8, the default
        if len(argv) == 2 and isinstance(argv[0], str) and argv[1] in ENCODINGS:
            return ""
        return f"codecs.encode with arguments other than (str, 'latin1'): {argv[1:2]!r}"
    if qualname in ("zoneinfo.ZoneInfo._unpickle", "zoneinfo.ZoneInfo"):
        key = argv[0] if argv else None
        if (
            isinstance(key, str)
            and key
            and not key.startswith(("/", "\\"))
            and ".." not in key.split("/")
            and "\x00" not in key
            and all(isinstance(a, int) for a in argv[1:])
        ):
            return ""
        return f"zoneinfo key that is not a relative time-zone name: {key!r}"
    if qualname == "types.SimpleNamespace" and args != ():
        return "SimpleNamespace with positional arguments (pickle passes none)"
    return ""


@lru_cache(maxsize=1024)
def judge_module(module: str) -> Verdict:
    """Judge a module object reached by an import call: never allowed, at least medium."""
    module = _ALIASES.get(module, module)
    category = _module_category(module)
    if category is not None:
        return Verdict(module, Severity.CRITICAL, category)
    return Verdict(module, Severity.MEDIUM, "module imported by name")
